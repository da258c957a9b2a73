#!/usr/bin/perl
# tests/apps/dyn/shebang.pl: a #! script whose interpreter is dynamically linked.
use strict;
print "perl script with ", scalar(@ARGV), " arguments: @ARGV\n";
