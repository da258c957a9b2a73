/* net/port/libc/string.h: lwIP's <string.h>, from kiln's lib/. */
#include "lib/string.h"
