"$LBSIM" --list-policies | cut -c1-12 | sed 's/ *$//'
