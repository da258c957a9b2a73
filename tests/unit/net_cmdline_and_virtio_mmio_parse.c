/* tests/unit/net_cmdline_and_virtio_mmio_parse.c: the kernel side of the
 * network command line.  cmdline_parse() keeps virtio_mmio.device= words
 * (Linux's form, as QEMU microvm and kiln write them; at most
 * CMDLINE_MAX_VIRTIO) and kiln.ip/gw/dns/ip6/gw6; virtio_mmio_parse() reads
 * "SIZE@ADDR:IRQ[:ID]" and refuses what would put a device outside the
 * direct-mapped low 4 GiB, a size smaller than the register block, an IRQ
 * above 255, or trailing junk. */
#include "tests/unit/unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/virtio_mmio.h"
#include "kernel/cmdline.h"

#define EINVAL_ (-22)

static char line[4096];
static struct cmdline c;

static char **alloc_vec(size_t n)
{
    return malloc(n * sizeof(char *));
}

static int parse(const char *s)
{
    memset(&c, 0, sizeof(c));
    snprintf(line, sizeof(line), "%s", s);
    return cmdline_parse(line, &c, alloc_vec);
}

static void network_words_are_kept(void **state)
{
    assert_int_equal(
        parse("kiln.time=1.5 virtio_mmio.device=512@0xfeb00e00:12 kiln.ip=10.0.2.15/24 "
              "kiln.gw=10.0.2.2 kiln.dns=10.0.2.3 kiln.ip6=fec0::15/64 kiln.gw6=fec0::2 -- /p"),
        0);
    assert_int_equal(c.nvirtio_mmio, 1);
    assert_string_equal(c.virtio_mmio[0], "512@0xfeb00e00:12");
    assert_string_equal(c.ip, "10.0.2.15/24");
    assert_string_equal(c.gw, "10.0.2.2");
    assert_string_equal(c.dns, "10.0.2.3");
    assert_string_equal(c.ip6, "fec0::15/64");
    assert_string_equal(c.gw6, "fec0::2");
    assert_int_equal(c.argc, 1);
}

static void absent_means_null(void **state)
{
    assert_int_equal(parse("-- /p kiln.ip=1.2.3.4/8 virtio_mmio.device=512@0x1000:5"), 0);
    assert_null(c.ip); /* after "--": the program's arguments */
    assert_null(c.ip6);
    assert_int_equal(c.nvirtio_mmio, 0);
    assert_int_equal(c.argc, 3);
}

static void at_most_max_devices(void **state)
{
    char s[2048] = "";
    for (int i = 0; i < CMDLINE_MAX_VIRTIO + 3; i++)
        snprintf(s + strlen(s), sizeof(s) - strlen(s), "virtio_mmio.device=512@0x%x:%d ",
                 0xfeb00000 + 512 * i, 5 + i);
    strcat(s, "-- /p");
    assert_int_equal(parse(s), 0);
    assert_int_equal(c.nvirtio_mmio, CMDLINE_MAX_VIRTIO);
    assert_string_equal(c.virtio_mmio[CMDLINE_MAX_VIRTIO - 1], "512@0xfeb00e00:12");
}

static void device_descriptions(void **state)
{
    uint64_t pa, size;
    unsigned gsi;

    assert_int_equal(virtio_mmio_parse("512@0xfeb00e00:12", &pa, &size, &gsi), 0);
    assert_int_equal(pa, 0xfeb00e00);
    assert_int_equal(size, 512);
    assert_int_equal(gsi, 12);
    assert_int_equal(virtio_mmio_parse("4K@0xd0000000:5:3", &pa, &size, &gsi), 0);
    assert_int_equal(size, 4096);
    assert_int_equal(pa, 0xd0000000);
    assert_int_equal(virtio_mmio_parse("0x200@4273999360:7", &pa, &size, &gsi), 0);
    assert_int_equal(pa, 4273999360u);
    assert_int_equal(size, 0x200);
}

static void bad_descriptions(void **state)
{
    static const char *const bad[] = {
        "",                             /* nothing */
        "512",                          /* no address */
        "512@0xfeb00e00",               /* no IRQ */
        "512@0xfeb00e00:",              /* empty IRQ */
        "512@0xfeb00e00:256",           /* IRQ too big */
        "512@0xfeb00e00:12x",           /* junk */
        "256@0xfeb00e00:12",            /* smaller than the registers */
        "512@0x100000000:12",           /* above 4 GiB */
        "1G@0xfeb00e00:12",             /* runs past 4 GiB */
        "512@0x:12",                    /* no digits */
        "512@0xfffffffffffffffffff:12", /* overflow */
        "0@0xfeb00e00:12",              /* zero size */
    };
    uint64_t pa, size;
    unsigned gsi;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (virtio_mmio_parse(bad[i], &pa, &size, &gsi) != EINVAL_)
            fail_msg("virtio_mmio_parse(\"%s\") accepted it", bad[i]);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(network_words_are_kept), cmocka_unit_test(absent_means_null),
    cmocka_unit_test(at_most_max_devices),    cmocka_unit_test(device_descriptions),
    cmocka_unit_test(bad_descriptions),
};

UNIT_MAIN("net_cmdline_and_virtio_mmio_parse", tests)
