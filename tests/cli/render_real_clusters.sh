# lbsim render of real Dask and ipyparallel runs (tests/data/real): a LocalCluster of
# 2 workers x 2 threads is 4 engines, with Dask's clock-offset overlaps put end to end
# and said so; an ipyparallel view on engines [2, 3] is 2 engines, with ipyparallel's
# own wall time; a Ray timeline's driver track is skipped and said so.
real="$(dirname "$0")/../data/real"
import="$(dirname "$0")/../data/import"
cp "$real/dask_local_2x2_taskstream.json" dask.json || exit 99
cp "$real/ipp_subset_lb_meta.json" ipp.json || exit 99
cp "$import/trace_ray_driver.json" ray.json || exit 99
"$LBSIM" render dask.json ipp.json ray.json --out fig.svg || exit $?
test -s fig.svg || echo "no figure"
# The same Dask run as pandas wrote it to CSV gives the same report.
cp "$real/dask_local_2x2_taskstream.csv" dask.csv || exit 99
"$LBSIM" render dask.csv --out csv.svg
