# A write that hits the file-size limit (as on a full disk) fails with exit 1 and a
# clear message, leaves no temporary file and keeps the existing good file.
printf 'good\n' > fig.svg
(ulimit -f 8; "$LBSIM" --virtual --out fig.svg --quiet >/dev/null)
echo "exit $?"
cat fig.svg
ls -A | sort
