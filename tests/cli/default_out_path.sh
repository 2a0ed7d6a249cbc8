# Without --out the figure goes to out/<policy>.svg; the missing folder is created.
"$LBSIM" --virtual --policy direct --tasks 24 >/dev/null || exit $?
ls out
