# A directory as the output path is refused before the run, and nothing is written.
mkdir fig.svg
"$LBSIM" --virtual --out fig.svg >/dev/null
echo "exit $?"
"$LBSIM" --virtual --out ok.svg --csv fig.svg >/dev/null
echo "exit $?"
ls -A | sort
