# The help texts themselves, as generated from the option, command and workload
# parameter tables: a change to them shows here.
"$LBSIM" --help || exit $?
echo "----"
"$LBSIM" help render || exit $?
echo "----"
"$LBSIM" help help
