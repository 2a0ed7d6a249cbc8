# Text from files and arguments reaches the terminal escaped: an escape sequence or a
# newline in a CSV field, a JSON policy name, a file name, an argument or a title is
# shown as \x1b or \n (never acted on, never a fake line), and cut to a sane length.
esc=$(printf '\033')
{
    printf 'engine,start,end\n0,0,1\n0,x%s[2J,2\n' "$esc" >field.csv
    "$LBSIM" render field.csv --out none
    echo "exit $?"
    printf 'engine,start,end\n0,0,1\n0,"1\nlbsim: a fake line",2\n' >newline.csv
    "$LBSIM" render newline.csv --out none
    echo "exit $?"
    "$LBSIM" --virtual --workload constant --tasks 4 --engines 2 --out none --json run.json
    sed 's/"policy": "lb"/"policy": "\\u001b]0;owned\\u0007\\u001b[2J\\nfake line"/' \
        run.json >evil.json
    "$LBSIM" render evil.json --out none
    echo "exit $?"
    cp run.json "$(printf 'new\nline.json')"
    "$LBSIM" render "$(printf 'new\nline.json')" --out none
    "$LBSIM" --virtual --policy "$(printf 'x%s[31m' "$esc")"
    "$LBSIM" --virtual --out "$(printf 'a%s[2Jb.txt' "$esc")"
    "$LBSIM" --virtual --theme "$(printf '%0300d' 0)"
    "$LBSIM" --virtual --workload constant --tasks 4 --engines 2 --out - \
        --title "$(printf 'T%s[31mred' "$esc")" | head -n 1
} >log.txt 2>&1
cat log.txt
LC_ALL=C grep -q "$esc" log.txt && echo "a raw escape reached the terminal"
exit 0
