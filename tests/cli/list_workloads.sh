# --list-workloads names every workload with its defaults.
"$LBSIM" --list-workloads
