/*
 * JSON text helpers shared by the writers of lbsim's JSON and of Chrome traces
 * (io_json.c).
 */
#ifndef LBSIM_IO_INTERNAL_H
#define LBSIM_IO_INTERNAL_H

#include <stdio.h>

/* JSON text helpers shared by the JSON and trace writers (io_json.c): a string with
   RFC 8259 escapes, bytes that are not well-formed UTF-8 written as U+FFFD (NULL
   gives null), and a number with the fewest digits that read
   back as the same double (non-finite gives null). */
void lbs__json_put_string(FILE *f, const char *s);
void lbs__json_put_number(FILE *f, double v);

#endif
