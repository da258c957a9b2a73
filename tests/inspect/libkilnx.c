/* tests/inspect/libkilnx.c: a small shared library for the dependency tests. */
int kilnx_answer(void)
{
    return 42;
}
