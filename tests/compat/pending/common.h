/* tests/compat/pending/common.h: the programs here include "common.h" just
 * like those in tests/compat/, so each can move up unchanged once kiln
 * passes it; this forwards to the real one. */
#include "../common.h"
