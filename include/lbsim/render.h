/**
 * @file render.h
 * Render: the Gantt figure of one or more timetables, the histogram of task durations
 * and line and bar charts (a sweep's results), drawn with Cairo to SVG, PNG or PDF,
 * the Gantt figure also animated as a GIF and as an interactive HTML page, and the
 * Gantt chart and the charts as terminal text.
 *
 * Drawing happens in two steps. lbs_layout_gantt(), lbs_layout_hist() and
 * lbs_layout_chart() turn their data into a list of plain primitives (rectangles,
 * lines, texts, paths) in figure pixels;
 * this is where every decision about positions, ticks, colours and labels is made,
 * and it is exact and testable. lbs_layout_at() gives the Gantt figure as of any time
 * on its clock. lbs_render_layout() then paints the primitives: with Cairo, frame by
 * frame into a GIF, or as SVG in a page whose script moves the clock. The module does
 * not know how a timetable or a workload was produced.
 */
#ifndef LBSIM_RENDER_H
#define LBSIM_RENDER_H

#include <stdio.h>

#include <lbsim/error.h>
#include <lbsim/timetable.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Output formats, chosen from a file name's extension, or "-" for the terminal. */
typedef enum lbs_format {
    LBS_FORMAT_SVG = 0,
    LBS_FORMAT_PNG,
    LBS_FORMAT_PDF,
    LBS_FORMAT_TERMINAL, /**< the path "-": the Gantt chart as text on standard output */
    LBS_FORMAT_GIF,      /**< .gif: the figure animated, frame by frame as of time t */
    LBS_FORMAT_HTML      /**< .html: the interactive page (inline SVG, data, script) */
} lbs_format;

/**
 * Format of the figure file @p path from its extension (.svg, .png, .pdf,
 * case-insensitive). "-" is not a file: it is refused here, and lbs_render_gantt()
 * draws the terminal chart for it.
 * @return LBS_OK, or LBS_EINVAL with err naming the accepted extensions
 */
lbs_status lbs_format_from_path(const char *path, lbs_format *out, lbs_error *err);

/** Smallest and largest canvas side in pixels. */
#define LBS_MIN_SIDE 200
#define LBS_MAX_SIDE 20000

/** Smallest and largest PNG resolution (--dpi); 96 paints one pixel per layout px. */
#define LBS_MIN_DPI 24
#define LBS_MAX_DPI 960

/** What a Gantt bar's colour says. */
typedef enum lbs_color_by {
    LBS_COLOR_ORDER = 0, /**< order on its engine (the notebook's) */
    LBS_COLOR_DURATION,  /**< the task's duration, min to max over all panels */
    LBS_COLOR_TASK,      /**< the task id (submission order) */
    LBS_COLOR_ENGINE     /**< the engine that ran it */
} lbs_color_by;

/** Colour palettes. */
typedef enum lbs_palette {
    LBS_PALETTE_CUBEHELIX = 0, /**< the seed's cubehelix, light to dark */
    LBS_PALETTE_VIRIDIS        /**< viridis, dark purple to yellow; colour-blind safe */
} lbs_palette;

/** Figure themes. The terminal chart takes the theme as the terminal's background:
    light keeps the palette's lightest colours dark enough to see on white, dark keeps
    its darkest light enough to see on black. */
typedef enum lbs_theme { LBS_THEME_LIGHT = 0, LBS_THEME_DARK } lbs_theme;

/** How the panels of several timetables are arranged. */
typedef enum lbs_arrange {
    /** One column on a shared time axis (the default). When the panels would be shorter
        than LBS_MIN_PANEL_LINES lines of tick labels, the canvas grows taller. */
    LBS_ARRANGE_STACK = 0,
    /** Columns and rows within the canvas, sharing the time axis (labelled under the
        bottom panel of each column) and, where every panel has the same engines, the
        engine axis (labelled in the first column). The canvas never grows. */
    LBS_ARRANGE_GRID
} lbs_arrange;

/** Text on the Gantt bars. */
typedef enum lbs_bar_labels {
    LBS_LABELS_AUTO = 0, /**< task ids when every bar can hold its id, else none */
    LBS_LABELS_ID,       /**< the task id on every bar that can hold it */
    LBS_LABELS_DURATION, /**< the duration in seconds on every bar that can hold it */
    LBS_LABELS_NONE
} lbs_bar_labels;

/** The smallest plot area of a Gantt panel, in lines of tick labels (1.15 tick font
    sizes each): 4 lines, 64 px at the default font size. */
#define LBS_MIN_PANEL_LINES 4

/** Figure options. Plain struct; fill with lbs_render_opts_init(). */
typedef struct lbs_render_opts {
    int width;        /**< canvas width in px (PDF: points); default 1280 */
    int height;       /**< canvas height; default 720 (16:9); a stack of panels may grow */
    double font_size; /**< base text size in px; default 16 */
    /** Panel titles, one per timetable (borrowed); NULL or a NULL entry: the
        timetable's policy name followed by "job timetable". */
    const char *const *titles;
    /** 1: per panel, a subtitle with speedup, efficiency and idle share, a dashed
        line at the lower bound and a solid one at the makespan, both labelled (in
        the histogram: the mean). Default 0: the notebook's plain figure. */
    int annotations;
    lbs_color_by color;  /**< what colour means; default LBS_COLOR_ORDER */
    lbs_palette palette; /**< default LBS_PALETTE_CUBEHELIX */
    lbs_theme theme;     /**< default LBS_THEME_LIGHT */
    double dpi;          /**< PNG only: pixels per inch, 96 = 1 px per layout px; default 96 */
    unsigned bins;       /**< histogram bins, 1..1000; default 16 */
    /* The animated GIF (.gif) only. The clock runs from 0 to the longest makespan. */
    unsigned fps;           /**< frames per second, LBS_MIN_FPS..LBS_MAX_FPS; default 15 */
    double anim_s;          /**< seconds the clock takes to run (the last frame is then held
                                 about 3 s more), up to LBS_MAX_ANIM_S; default 8; used when
                                 speed is 0 */
    double speed;           /**< workload seconds per second of animation (> 0); 0 (default):
                                 from anim_s */
    const char *frames_dir; /**< also write each frame as frame-0000.png, ... in this
                                 folder (made if missing; all or none); NULL: no */
    /* The interactive page (.html) only. Borrowed. */
    const char *const *page_data; /**< per timetable, the JSON document to embed
                                       (lbs_json_write()'s, with the run's metadata);
                                       NULL: written from the timetables alone */
    const char *page_report;      /**< the runs' report, shown as text; NULL: none */
    /** The figure's own title, above all panels (borrowed); NULL: none. */
    const char *title;
    lbs_arrange arrange;   /**< default LBS_ARRANGE_STACK */
    lbs_bar_labels labels; /**< default LBS_LABELS_AUTO */
} lbs_render_opts;

/** Frames per second of an animated GIF. Browsers slow down GIF frames shorter than
    0.02 s, hence at most 50. */
#define LBS_MIN_FPS 1
#define LBS_MAX_FPS 50
/** Shortest and longest animation (lbs_render_opts.anim_s, seconds). */
#define LBS_MIN_ANIM_S 0.1
#define LBS_MAX_ANIM_S 600.0
/** Slowest and fastest animation (lbs_render_opts.speed, workload seconds a second). */
#define LBS_MIN_SPEED 1e-6
#define LBS_MAX_SPEED 1e9
/** Most frames in one GIF. */
#define LBS_MAX_FRAMES 5000

/**
 * Checks the animated GIF's options of @p o: fps, anim_s and speed within their limits
 * (0 meaning the default), at most LBS_MAX_FRAMES frames for a clock that runs
 * @p clock_end seconds (with speed, the frames depend on it: 0 checks only what does
 * not), and frames_dir, when given, not an existing file. A program can check them
 * before a long run; painting a GIF checks them again with the real clock.
 * @return LBS_OK, LBS_ERANGE (err->what is the option as the command line spells it:
 *         "--fps", "--anim-s", "--speed"), LBS_EINVAL ("--frames": not a folder)
 */
lbs_status lbs_anim_check(const lbs_render_opts *o, double clock_end, lbs_error *err);

/** Fills @p o with the defaults above. */
void lbs_render_opts_init(lbs_render_opts *o);

/** Kinds of layout primitives. */
typedef enum lbs_prim_kind {
    LBS_PRIM_RECT = 0,
    LBS_PRIM_LINE,
    LBS_PRIM_TEXT,
    LBS_PRIM_PATH, /**< a polyline through `points`, stroked */
    LBS_PRIM_AREA, /**< a polygon through `points`, filled */
    LBS_PRIM_DOT   /**< a filled circle */
} lbs_prim_kind;

/** Horizontal anchor of a text. */
typedef enum lbs_anchor { LBS_ANCHOR_START = 0, LBS_ANCHOR_MIDDLE, LBS_ANCHOR_END } lbs_anchor;

/** An sRGB colour, components in [0, 1]. */
typedef struct lbs_rgb {
    double r, g, b;
} lbs_rgb;

/**
 * One drawing primitive in figure pixels (origin top left, y down).
 * RECT: x, y, w, h filled with color. LINE: from (x, y) to (x + w, y + h), stroked
 * with width `size` (dash 1: dashed, 2: dotted). TEXT: `text` at (x, y) baseline,
 * font size `size`, anchored by `anchor`, rotated by -90° when `vertical`.
 * PATH: a polyline through the npoints points (x0, y0, x1, y1, ...), stroked with
 * width `size` and round joins (dash as LINE). AREA: the polygon through the points,
 * filled with color, `transparency` of it see-through. DOT: a disc of radius `size`
 * centred at (x, y). x, y, w, h of PATH and AREA are their bounding box.
 */
typedef struct lbs_prim {
    lbs_prim_kind kind;
    double x, y, w, h;
    double size;
    lbs_rgb color;
    int dash;
    int bold;
    int vertical;
    lbs_anchor anchor;
    const char *text; /**< owned by the layout */
    long task;        /**< RECT of a task's bar: the task id; otherwise -1 */
    /** RECT of bars narrower than a pixel merged into one (same engine, same colour,
        touching): how many tasks it covers, `task` being the first; 0 otherwise. */
    long merged;
    unsigned engine;      /**< RECT of a task's bar: its engine (row); otherwise 0 */
    const double *points; /**< PATH, AREA: 2 × npoints coordinates, owned by the layout */
    size_t npoints;
    double transparency; /**< AREA: 0 opaque (the default) to 1 invisible */
} lbs_prim;

/** A figure as a list of primitives (opaque). */
typedef struct lbs_layout lbs_layout;

/**
 * Lays out the Gantt figure of @p count timetables, one panel each on a shared time
 * axis, stacked or in a grid (o->arrange). One bar per task at its engine's row (0.8 of
 * a row high, a small visible gap at its end), colour = order on the engine from the
 * cubehelix palette with the seed's parameters (or as o->color and o->palette say),
 * x axis "Time (second)" from 0 with nice ticks, y ticks = engine labels (every k-th
 * engine, at most about 32, always those of the engines that finished last), labels
 * on the bars as o->labels says, and a legend saying what colour means. Bars narrower
 * than a pixel that touch on the same row with the same colour are merged into one
 * rectangle (see lbs_prim.merged), so any task count stays compact.
 *
 * No text is drawn over another text, a plot, a legend or a marker line, and every one
 * is inside the canvas: what does not fit gives way (thinner ticks, shorter or no
 * subtitles and marker labels, smaller or cut titles, the colour key on its own line),
 * a stack whose panels would be shorter than LBS_MIN_PANEL_LINES lines grows taller,
 * and lbs_layout_note() says what changed. What still cannot fit is refused.
 * @param tables borrowed; count ≥ 1
 * @param out    set on success; free with lbs_layout_free()
 * @return LBS_OK, LBS_EINVAL (no timetable), LBS_ERANGE (a bad option, or a figure that
 *         cannot fit: err names --font-size and the largest size that fits, or the
 *         canvas when nothing does), LBS_ENOMEM
 */
lbs_status lbs_layout_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, lbs_layout **out, lbs_error *err);

/** What a chart shows. */
typedef enum lbs_chart_kind {
    LBS_CHART_LINES = 0, /**< one line per series over numeric x values */
    LBS_CHART_BARS       /**< a bar per category and series */
} lbs_chart_kind;

/** How a series of a chart is drawn. */
typedef enum lbs_series_style {
    LBS_SERIES_DATA = 0, /**< its own colour: a line with markers and a band from lo to hi
                              (bars: a bar and a whisker from lo to hi) */
    LBS_SERIES_IDEAL,    /**< a reference: a dashed muted line (bars: not drawn) */
    LBS_SERIES_BOUND     /**< a reference: a dotted line in the ink (bars: a dashed line
                              across each category) */
} lbs_series_style;

/** One series of a chart. Plain struct; its arrays are borrowed. */
typedef struct lbs_chart_series {
    const char *label; /**< the legend's text */
    lbs_series_style style;
    const double *y;       /**< count values; NAN: no value there */
    const double *lo, *hi; /**< band or whisker (count values each), or NULL: none */
} lbs_chart_series;

/**
 * A chart: line chart of series over x values, or bar chart of series over
 * categories. Plain struct; everything in it is borrowed.
 */
typedef struct lbs_chart {
    lbs_chart_kind kind;
    const char *title;    /**< NULL: none */
    const char *subtitle; /**< NULL: none */
    const char *x_title;  /**< axis titles */
    const char *y_title;
    const char *unit;              /**< after a value on a bar ("×", " s"); NULL: none */
    size_t count;                  /**< x values (LINES) or categories (BARS), at least 1 */
    const double *x;               /**< LINES: the x values, ascending */
    const char *const *categories; /**< BARS: the categories' labels */
    int x_log;                     /**< LINES: a logarithmic x axis (every x > 0) */
    int x_integer; /**< LINES: the x values are whole numbers (ticks on whole numbers) */
    const lbs_chart_series *series;
    size_t nseries; /**< at least 1 */
} lbs_chart;

/**
 * Lays out a chart with the figure options' size, fonts, theme and palette: the
 * title, subtitle, axes with nice ticks (a log x axis with ticks at the x values or
 * at 1, 2, 5 × 10^k), the y axis from 0, a legend row beside the x axis title.
 * Lines: each data series a line with a marker per point (when they are at least
 * 24 px apart) over its translucent band, the references dashed or dotted. Bars: the
 * series side by side in each category, each with its value above it and a whisker.
 * Series colours: with the cubehelix palette (the default) Okabe and Ito's
 * colour-blind-safe set, whose hues tell lines apart; with viridis, viridis sampled
 * evenly.
 * @param out set on success; free with lbs_layout_free()
 * @return LBS_OK, LBS_EINVAL (an empty chart, a log axis with x ≤ 0, x not
 *         ascending, a bad size), LBS_ENOMEM
 */
lbs_status lbs_layout_chart(const lbs_chart *c, const lbs_render_opts *o, lbs_layout **out,
                            lbs_error *err);

/**
 * Lays out and paints a chart in one call; the format comes from @p path's
 * extension, and "-" draws lbs_render_chart_ascii() on standard output.
 */
lbs_status lbs_render_chart(const lbs_chart *c, const lbs_render_opts *o, const char *path,
                            lbs_error *err);

/**
 * Draws a chart as text on @p f, at most @p columns characters wide (the last left
 * free): a line chart as a grid of points, one symbol per series (references as
 * dots), with a y axis, an x axis and a legend line; a bar chart as one horizontal
 * bar per category and series with its value, the bound marked with │. With @p
 * ansi, the series carry their colours, as lbs_render_ascii() shows them.
 * @param columns 40..10000
 * @param ansi    an lbs_ansi value
 * @return LBS_OK, LBS_EINVAL (an empty chart, columns out of range, bad ansi), LBS_EIO
 */
lbs_status lbs_render_chart_ascii(const lbs_chart *c, const lbs_render_opts *o, unsigned columns,
                                  int ansi, FILE *f, lbs_error *err);

/**
 * Lays out the histogram of @p n task durations (seconds) in o->bins equal bins from
 * the shortest to the longest: x "Task duration (second)", y "Count", title with n
 * and the mean; with o->annotations a dashed line at the mean. Checked as the Gantt
 * figure is: one that cannot fit is refused.
 * @param durations borrowed; n ≥ 1 finite values ≥ 0
 * @param out       set on success; free with lbs_layout_free()
 * @return LBS_OK, LBS_EINVAL (no or bad duration), LBS_ERANGE (a bad option, or a
 *         figure that cannot fit), LBS_ENOMEM
 */
lbs_status lbs_layout_hist(const double *durations, size_t n, const lbs_render_opts *o,
                           lbs_layout **out, lbs_error *err);

/** Frees a layout; NULL does nothing. */
void lbs_layout_free(lbs_layout *l);

/** Number of primitives. */
size_t lbs_layout_size(const lbs_layout *l);

/** Primitive @p i (borrowed; valid while the layout lives). */
const lbs_prim *lbs_layout_prim(const lbs_layout *l, size_t i);

/** Canvas width of the layout in px. */
int lbs_layout_width(const lbs_layout *l);

/** Canvas height of the layout in px. */
int lbs_layout_height(const lbs_layout *l);

/** PNG pixels per layout px (the options' dpi / 96). */
double lbs_layout_scale(const lbs_layout *l);

/**
 * What the layout changed to make the figure fit, as sentences for a person ("grown
 * to 1280x1530 px so that each of 11 panels keeps 64 px of plot"), or NULL when it
 * changed nothing. Borrowed; valid while the layout lives.
 */
const char *lbs_layout_note(const lbs_layout *l);

/**
 * Writes the layout as text, one primitive per line with numbers rounded to 0.01 px
 * (used for golden tests).
 * @return LBS_OK or LBS_EIO
 */
lbs_status lbs_layout_dump(const lbs_layout *l, FILE *f, lbs_error *err);

/**
 * The Gantt figure @p l (from lbs_layout_gantt()) as of time @p t seconds on the clock
 * its panels share: each task bar is drawn from its start to min(end, t) (cut at t's
 * pixel, with no gap while its task runs; a bar that starts at or after t is left out;
 * merged sub-pixel bars and dispatch slivers are cut alike), and each panel gets a
 * thin time cursor at t and the notebook's counter, "97/180 tasks finished after 2 s"
 * (tasks whose end is at most t, the seconds with the time axis' decimals; they stop
 * at the panel's makespan). Everything else is the static figure's. From the end of
 * the clock (lbs_layout_clock_end()) on, and for a figure without a clock (the
 * histogram), the result is a copy of @p l.
 * @param out set on success; free with lbs_layout_free()
 * @return LBS_OK, LBS_EINVAL (t is not a number), LBS_ENOMEM
 */
lbs_status lbs_layout_at(const lbs_layout *l, double t, lbs_layout **out, lbs_error *err);

/** The end of @p l's clock: the longest makespan of its panels; 0 without a clock. */
double lbs_layout_clock_end(const lbs_layout *l);

/**
 * Paints @p l to @p path in the figure file format @p fmt. The file is written to a
 * temporary file in the same folder and renamed, so a failure leaves no file behind.
 * @return LBS_OK, LBS_EIO (err names the file), LBS_ENOMEM, LBS_EINVAL (@p fmt is
 *         not a figure file format)
 */
lbs_status lbs_render_layout(const lbs_layout *l, lbs_format fmt, const char *path, lbs_error *err);

/**
 * Lays out and paints in one call; the format comes from @p path's extension. The
 * path "-" draws the terminal chart on standard output instead, 80 columns wide and
 * without colour (lbs_render_ascii() chooses both).
 */
lbs_status lbs_render_gantt(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, const char *path, lbs_error *err);

/**
 * 1 when no installed font has the multiplication sign and the middle dot the figures
 * write ("11.41× · 95%"): the PNG and PDF painters then draw "x" and "-" in their place
 * (and "..." for an ellipsis) rather than empty boxes, and a program may say so. SVG
 * texts are left as they are: the viewer's fonts draw them.
 */
int lbs_render_font_fallback(void);

/**
 * Releases the font and surface caches that Cairo and fontconfig keep for the life of
 * the process, so leak checkers see a clean exit. Optional; call at most once, at
 * exit, after the last render, with no other thread rendering.
 */
void lbs_render_release(void);

/**
 * Lays out and paints the duration histogram in one call (see lbs_layout_hist());
 * the format comes from @p path's extension.
 */
lbs_status lbs_render_hist(const double *durations, size_t n, const lbs_render_opts *o,
                           const char *path, lbs_error *err);

/** How the terminal chart is coloured (lbs_render_ascii's @p ansi). */
typedef enum lbs_ansi {
    LBS_ANSI_NONE = 0,      /**< no escape sequences */
    LBS_ANSI_TRUECOLOR = 1, /**< 24-bit colours (COLORTERM=truecolor or 24bit) */
    LBS_ANSI_256 = 2        /**< the nearest of the xterm 256 colours */
} lbs_ansi;

/**
 * Draws the Gantt chart of @p count timetables as text on @p f: per panel a title
 * line (and with o->annotations a metrics line), one row per engine made of Unicode
 * block characters and (with annotations) a time axis marking the lower bound (△) and
 * the wall time (▲); the numbers of the shared time axis and a legend line. Every line
 * is at most @p columns characters (code points) wide, the last column left free;
 * longer texts wrap at spaces. Consecutive tasks of an engine alternate full and
 * dark-shade blocks so they stay distinct; with @p ansi, bars also carry ANSI colours
 * from o->color and o->palette, adjusted to stand out from a light terminal
 * (o->theme light) or a dark one.
 * @param columns 40..10000
 * @param ansi    an lbs_ansi value
 * @return LBS_OK, LBS_EINVAL (no timetable, columns out of range, bad ansi), LBS_EIO
 */
lbs_status lbs_render_ascii(const lbs_timetable *const *tables, size_t count,
                            const lbs_render_opts *o, unsigned columns, int ansi, FILE *f,
                            lbs_error *err);

/**
 * Colour @p i of @p n from the cubehelix palette with the seed's parameters
 * (start 2.3, rotation 0.8, gamma 0.6, hue 0.8, light 0.9, dark 0.3), from light
 * (i = 0) to dark (i = n - 1), as seaborn's cubehelix_palette draws them.
 */
lbs_rgb lbs_palette_cubehelix(unsigned i, unsigned n);

/**
 * Viridis at @p t in [0, 1] (clamped): dark purple (#440154) at 0, yellow (#fde725)
 * at 1, interpolated linearly in a 17-entry table sampled from matplotlib's.
 */
lbs_rgb lbs_palette_viridis(double t);

/**
 * Colour @p i of @p n from palette @p p: cubehelix as lbs_palette_cubehelix(),
 * viridis at i / (n - 1) (n = 1: the middle of the palette).
 */
lbs_rgb lbs_palette_color(lbs_palette p, unsigned i, unsigned n);

#ifdef __cplusplus
}
#endif

#endif
