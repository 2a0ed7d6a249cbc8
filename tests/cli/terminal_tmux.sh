# The terminal chart in a real terminal: lbsim runs in a tmux pane 40, 80 and 200
# columns wide and the pane is read back (capture-pane, colours included, wrapped lines
# joined). No line may be wider than the pane less one column; the metrics line wraps
# at a comma, so "lower bound 3.23 s" stays whole; the time axis keeps its last tick
# label and marks the lower bound and the wall; colours are the 256 xterm colours
# unless COLORTERM says truecolor, none at all with TERM=dumb, and the lightest
# colours are darkened for a light terminal (--theme light) and the darkest lightened
# for a dark one.
if ! command -v tmux >/dev/null; then
    echo "this test needs tmux (apt-get install tmux)"
    exit 1
fi
sock=lbsim-test-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null' EXIT
esc=$(printf '\033')

# pane COLUMNS ENV... -- ARGS...: runs lbsim in a fresh pane, prints what it drew.
pane() {
    cols=$1
    shift
    tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y 150 -s run \
        "env -u COLORTERM -u NO_COLOR -u COLUMNS $*; tmux -L $sock wait-for -S done; sleep 60"
    timeout 60 tmux -L "$sock" wait-for done
    tmux -L "$sock" capture-pane -p -e -J -t run
    tmux -L "$sock" kill-session -t run
}

# Describes the chart of a capture (the report after it left out): width, colours, the
# lower bound, the last axis labels.
describe() {
    cols=$1
    sed -i '/^direct (virtual)/,$d' capture.txt
    plain=$(sed "s/$esc\[[0-9;]*m//g" capture.txt)
    widest=$(printf '%s\n' "$plain" | LC_ALL=C sed 's/[\x80-\xbf]//g' |
        LC_ALL=C awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }')
    if grep -q "$esc\[38;2;" capture.txt; then colours=truecolor
    elif grep -q "$esc\[38;5;" capture.txt; then colours=256
    elif grep -q "$esc" capture.txt; then colours=other
    else colours=none; fi
    whole=$(printf '%s\n' "$plain" | grep -c "lower bound 3.23 s")
    marks=$(printf '%s\n' "$plain" | grep "└" | grep -c "△.*▲")
    labels=$(printf '%s\n' "$plain" | grep -A1 "└" | tail -n 1 | sed 's/ *$//')
    echo "$cols columns, $colours colours: widest line $widest (at most $((cols - 1))), lower bound whole on $whole lines, both marks on $marks axes"
    echo "  axis labels:${labels}"
}

for cols in 40 80 200; do
    pane "$cols" TERM=xterm-256color "$LBSIM" --virtual -w bimodal -p direct,lb --out - -q >capture.txt
    describe "$cols"
done
pane 80 TERM=xterm-256color COLORTERM=truecolor "$LBSIM" --virtual -w bimodal -p direct,lb --out - -q >capture.txt
describe 80
pane 200 TERM=dumb "$LBSIM" --virtual -w bimodal -p direct,lb --out - -q >capture.txt
describe 200
# The colours of engine 11's first tasks (the lightest of the palette) on a light and
# on a dark terminal.
for theme in light dark; do
    pane 80 TERM=xterm-256color "$LBSIM" --virtual -w bimodal -p lb --out - -q --theme "$theme" >capture.txt
    echo "$theme: $(grep '^11 ' capture.txt | grep -o "$esc\[38;5;[0-9]*m" | head -n 3 |
        sed "s/$esc\[38;5;//; s/m//" | tr '\n' ' ')"
done
exit 0
