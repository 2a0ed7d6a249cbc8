# The policy names, each at the start of its entry (summaries are wrapped to 80
# columns under the 13th), and no line wider than 80 characters.
"$LBSIM" --list-policies >list.txt
grep -v '^ ' list.txt | cut -c1-12 | sed 's/ *$//'
LC_ALL=C sed 's/[\x80-\xbf]//g' list.txt | awk 'length($0) > 80 { print "too wide: " $0 }'
