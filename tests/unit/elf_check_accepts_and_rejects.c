/* tests/unit/elf_check_accepts_and_rejects.c: elf_check() describes valid
 * static, static-PIE and dynamic executables, and refuses each kind of
 * broken file with the message `kiln run` shows the user.  Images are built
 * in memory; a huge field must be refused, never wrap around. */
#include "tests/unit/unit.h"
#include <string.h>

#include "loader/elf_check.h"

#define ENOEXEC_ (-8)
#define IMG_LEN 0x3000
#define INTERP "/lib64/ld-linux-x86-64.so.2"

/* Exactly IMG_LEN bytes: the image is the whole "file". */
static _Alignas(8) unsigned char img[IMG_LEN];
static Elf64_Ehdr *const eh = (Elf64_Ehdr *)img;
static Elf64_Phdr *const ph = (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr));
static struct elf_info info;
static char why[128];

static void load(int i, uint32_t flags, uint64_t off, uint64_t vaddr, uint64_t filesz,
                 uint64_t memsz)
{
    ph[i] = (Elf64_Phdr){.p_type = PT_LOAD,
                         .p_flags = flags,
                         .p_offset = off,
                         .p_vaddr = vaddr,
                         .p_paddr = vaddr,
                         .p_filesz = filesz,
                         .p_memsz = memsz,
                         .p_align = 0x1000};
}

/* What `gcc -static` makes, in small: headers + rodata, text, data + bss,
 * and a non-executable stack. */
static void make_static(void)
{
    memset(img, 0, sizeof(img));
    memcpy(eh->e_ident,
           "\x7f"
           "ELF",
           4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = 1;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = 1;
    eh->e_entry = 0x401000;
    eh->e_phoff = sizeof(Elf64_Ehdr);
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 4;
    load(0, PF_R, 0, 0x400000, 0x1000, 0x1000);
    load(1, PF_R | PF_X, 0x1000, 0x401000, 0x1000, 0x1000);
    load(2, PF_R | PF_W, 0x2000, 0x402000, 0x800, 0x3000);
    ph[3] = (Elf64_Phdr){.p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W};
    memset(why, 'x', sizeof(why));
}

/* The same program linked -static-pie: ET_DYN, addresses from 0. */
static void make_static_pie(void)
{
    make_static();
    eh->e_type = ET_DYN;
    eh->e_entry = 0x1000;
    for (int i = 0; i < 3; i++) {
        ph[i].p_vaddr -= 0x400000;
        ph[i].p_paddr -= 0x400000;
    }
}

/* A dynamically linked program: PT_INTERP names the dynamic linker. */
static void make_dynamic(uint16_t type)
{
    make_static();
    if (type == ET_DYN)
        make_static_pie();
    eh->e_phnum = 5;
    ph[4] = (Elf64_Phdr){.p_type = PT_INTERP,
                         .p_flags = PF_R,
                         .p_offset = 0x200,
                         .p_vaddr = ph[0].p_vaddr + 0x200,
                         .p_filesz = sizeof(INTERP),
                         .p_memsz = sizeof(INTERP),
                         .p_align = 1};
    memcpy(img + 0x200, INTERP, sizeof(INTERP));
}

static int check(void)
{
    return elf_check(img, sizeof(img), &info, why, sizeof(why));
}

#define assert_accepted()                                                                          \
    do {                                                                                           \
        if (check())                                                                               \
            fail_msg("elf_check refused a good image: \"%s\"", why);                               \
    } while (0)

#define assert_rejected(msg)                                                                       \
    do {                                                                                           \
        assert_err(check(), ENOEXEC_);                                                             \
        assert_string_equal(why, msg);                                                             \
    } while (0)

/* ---- valid programs ---- */

static void static_executable_is_described(void **state)
{
    make_static();
    assert_accepted();
    assert_int_equal(info.kind, ELF_STATIC);
    assert_ptr_equal(info.ehdr, img);
    assert_ptr_equal(info.phdr, ph);
    assert_int_equal(info.phnum, 4);
    assert_int_equal(info.entry, 0x401000);
    assert_int_equal(info.lo, 0x400000);
    assert_int_equal(info.hi, 0x405000); /* bss end 0x405000, page-rounded */
    assert_int_equal(info.phdr_vaddr, 0x400040);
    assert_int_equal(info.exec_stack, 0);
    assert_null(info.interp);
}

static void bss_end_is_rounded_up_to_a_page(void **state)
{
    make_static();
    ph[2].p_memsz = 0x2801; /* ends at 0x404801 */
    assert_accepted();
    assert_int_equal(info.hi, 0x405000);
}

static void no_gnu_stack_means_non_executable_stack(void **state)
{
    make_static();
    eh->e_phnum = 3;
    assert_accepted();
    assert_int_equal(info.exec_stack, 0); /* Linux 5.8+ on x86-64 */
    make_static();
    ph[3].p_flags |= PF_X;
    assert_accepted();
    assert_int_equal(info.exec_stack, 1);
}

static void phdrs_outside_every_segment_have_no_address(void **state)
{
    make_static();
    ph[0].p_offset = 0x1000; /* first segment no longer covers offset 64 */
    ph[0].p_vaddr = 0x3ff000;
    ph[0].p_paddr = 0x3ff000;
    assert_accepted();
    assert_int_equal(info.phdr_vaddr, 0);
    assert_int_equal(info.lo, 0x3ff000);
}

static void static_pie_is_described(void **state)
{
    make_static_pie();
    assert_accepted();
    assert_int_equal(info.kind, ELF_STATIC_PIE);
    assert_int_equal(info.lo, 0); /* a PIE is relocated: address 0 is fine */
    assert_int_equal(info.hi, 0x5000);
    assert_int_equal(info.entry, 0x1000);
    assert_int_equal(info.phdr_vaddr, 0x40);
    assert_null(info.interp);
}

static void dynamic_executable_names_its_interpreter(void **state)
{
    make_dynamic(ET_EXEC);
    assert_accepted();
    assert_int_equal(info.kind, ELF_DYNAMIC);
    assert_non_null(info.interp);
    assert_ptr_equal(info.interp, (char *)img + 0x200);
    assert_int_equal(info.interp_len, strlen(INTERP));
    assert_string_equal(info.interp, INTERP);
}

static void dynamic_pie_is_dynamic_not_static_pie(void **state)
{
    make_dynamic(ET_DYN);
    assert_accepted();
    assert_int_equal(info.kind, ELF_DYNAMIC);
    assert_string_equal(info.interp, INTERP);
}

static void sixty_four_program_headers_are_allowed(void **state)
{
    make_static();
    eh->e_phnum = ELF_MAX_PHNUM; /* the rest are PT_NULL (zero) */
    assert_accepted();
    assert_int_equal(info.phnum, ELF_MAX_PHNUM);
}

static void adjacent_segments_do_not_overlap(void **state)
{
    make_static();
    ph[2].p_memsz = 0x800; /* data ends at 0x402800 */
    eh->e_phnum = 5;
    load(4, PF_R | PF_W, 0x2800, 0x402800, 0x100, 0x100); /* starts right there */
    assert_accepted();
}

static void segment_may_end_at_the_top_of_user_space(void **state)
{
    make_static();
    load(0, PF_R, 0, ELF_USER_TOP - 0x3000, 0x1000, 0x1000);
    load(1, PF_R | PF_X, 0x1000, ELF_USER_TOP - 0x2000, 0x1000, 0x1000);
    load(2, PF_R | PF_W, 0x2000, ELF_USER_TOP - 0x1000, 0x800, 0x1000);
    assert_accepted();
    assert_int_equal(info.lo, ELF_USER_TOP - 0x3000);
    assert_int_equal(info.hi, ELF_USER_TOP);
}

/* ---- rejections: the header ---- */

static void text_file_is_not_an_elf_file(void **state)
{
    static const char text[] = "#!/bin/sh\necho this is a script\n";
    assert_err(elf_check(text, sizeof(text) - 1, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "not an ELF file");
}

static void empty_and_three_byte_files_are_not_elf(void **state)
{
    assert_err(elf_check("", 0, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "not an ELF file");
    assert_err(elf_check("\x7f"
                         "EL",
                         3, &info, why, sizeof(why)),
               ENOEXEC_);
    assert_string_equal(why, "not an ELF file");
}

static void truncated_elf_header_is_rejected(void **state)
{
    make_static();
    assert_err(elf_check(img, 4, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "truncated ELF header");
    assert_err(elf_check(img, sizeof(Elf64_Ehdr) - 1, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "truncated ELF header");
}

static void elf32_is_not_supported(void **state)
{
    make_static();
    img[EI_CLASS] = ELFCLASS32;
    assert_rejected("32-bit ELF is not supported");
}

static void unknown_class_is_rejected(void **state)
{
    make_static();
    img[EI_CLASS] = 7;
    assert_rejected("bad ELF class");
}

static void big_endian_is_not_supported(void **state)
{
    make_static();
    img[EI_DATA] = 2;
    assert_rejected("big-endian ELF is not supported");
}

static void aarch64_machine_is_named(void **state)
{
    make_static();
    eh->e_machine = EM_AARCH64;
    assert_rejected("machine is AArch64, not x86-64");
}

static void i386_machine_is_named(void **state)
{
    make_static();
    eh->e_machine = EM_386;
    assert_rejected("machine is i386, not x86-64");
}

static void other_machine_is_given_by_number(void **state)
{
    make_static();
    eh->e_machine = 243; /* EM_RISCV */
    assert_rejected("machine 243 is not x86-64");
}

static void relocatable_object_is_not_an_executable(void **state)
{
    make_static();
    eh->e_type = 1; /* ET_REL */
    assert_rejected("not an executable (ELF type 1)");
    eh->e_type = 4; /* ET_CORE */
    assert_rejected("not an executable (ELF type 4)");
}

static void wrong_phentsize_is_rejected(void **state)
{
    make_static();
    eh->e_phentsize = 32; /* an ELF32 program header */
    assert_rejected("bad program header size 32");
    eh->e_phentsize = 0;
    assert_rejected("bad program header size 0");
}

static void zero_program_headers_are_rejected(void **state)
{
    make_static();
    eh->e_phnum = 0;
    assert_rejected("bad program header count 0");
}

static void too_many_program_headers_are_rejected(void **state)
{
    make_static();
    eh->e_phnum = ELF_MAX_PHNUM + 1;
    assert_rejected("bad program header count 65");
    eh->e_phnum = 0xffff; /* PN_XNUM: the real count would be in a section */
    assert_rejected("bad program header count 65535");
}

static void program_headers_past_the_end_are_truncated(void **state)
{
    make_static();
    eh->e_phoff = IMG_LEN - 2 * sizeof(Elf64_Phdr); /* room for 2 of 4 */
    assert_rejected("truncated program header table");
}

static void huge_phoff_does_not_wrap(void **state)
{
    make_static();
    eh->e_phoff = 0xffffffffffffff00ull; /* + 4 * 56 wraps to 0xe0 */
    assert_rejected("truncated program header table");
}

static void misaligned_phoff_is_rejected(void **state)
{
    make_static();
    eh->e_phoff = sizeof(Elf64_Ehdr) + 1;
    assert_rejected("truncated program header table");
}

/* ---- rejections: the segments ---- */

static void segment_past_end_of_file_is_truncated(void **state)
{
    make_static();
    ph[1].p_filesz = 0x2001; /* 0x1000 + 0x2001 > IMG_LEN */
    ph[1].p_memsz = 0x3000;
    assert_rejected("segment 1 is truncated");
}

static void huge_p_offset_plus_filesz_does_not_wrap(void **state)
{
    make_static();
    ph[2].p_offset = 0xfffffffffffff000ull; /* + 0x1800 wraps to 0x800 */
    ph[2].p_vaddr = 0x403000;
    ph[2].p_filesz = 0x1800;
    ph[2].p_memsz = 0x1800;
    assert_rejected("segment 2 is truncated");
}

static void filesz_above_memsz_is_rejected(void **state)
{
    make_static();
    ph[1].p_memsz = 0x800;
    assert_rejected("segment 1 has file size above memory size");
}

static void segment_in_kernel_half_is_outside_user_space(void **state)
{
    make_static();
    ph[1].p_vaddr = 0xffffffff80001000ull;
    assert_rejected("segment 1 lies outside user space");
}

static void segment_crossing_top_of_user_space_is_rejected(void **state)
{
    make_static();
    load(2, PF_R | PF_W, 0x2000, ELF_USER_TOP - 0x1000, 0x800, 0x1001);
    assert_rejected("segment 2 lies outside user space");
}

static void huge_p_vaddr_plus_memsz_does_not_wrap(void **state)
{
    make_static();
    ph[2].p_vaddr = 0xfffffffffffff000ull; /* + 0x3000 wraps to 0x2000 */
    ph[2].p_offset = 0x2000;
    assert_rejected("segment 2 lies outside user space");
}

static void vaddr_and_offset_must_agree_modulo_page(void **state)
{
    make_static();
    ph[1].p_vaddr = 0x401100;
    assert_rejected("segment 1 is misaligned");
}

static void overlapping_segments_are_named(void **state)
{
    make_static();
    ph[1].p_vaddr = 0x400000; /* on top of segment 0 */
    assert_rejected("segment 1 overlaps segment 0");
}

static void overlap_with_an_earlier_nonadjacent_segment_is_named(void **state)
{
    make_static();
    ph[2].p_vaddr = 0x400800; /* inside segment 0, not 1 */
    ph[2].p_offset = 0x800;
    ph[2].p_filesz = 0x100;
    ph[2].p_memsz = 0x100;
    assert_rejected("segment 2 overlaps segment 0");
}

static void two_digit_segment_numbers_are_printed(void **state)
{
    make_static();
    eh->e_phnum = 13;
    load(12, PF_R, 0x1000, 0x401000, 0x10, 0x10); /* ph[4..11] are PT_NULL */
    assert_rejected("segment 12 overlaps segment 1");
}

static void segment_at_address_zero_maps_the_null_page(void **state)
{
    make_static();
    load(0, PF_R, 0, 0, 0x1000, 0x1000);
    assert_rejected("segment maps the null page");
}

static void segment_inside_page_zero_maps_the_null_page(void **state)
{
    make_static();
    load(0, PF_R, 0x800, 0x800, 0x100, 0x100);
    assert_rejected("segment maps the null page");
}

static void no_load_segment_is_rejected(void **state)
{
    make_static();
    ph[0] = ph[3]; /* PT_GNU_STACK only */
    eh->e_phnum = 1;
    assert_rejected("no loadable segments");
}

static void segments_spanning_over_a_terabyte_are_rejected(void **state)
{
    make_static();
    ph[2].p_vaddr = 0x400000 + (1ull << 40) + 0x2000;
    assert_rejected("segments span too much address space");
}

static void interpreter_without_nul_is_rejected(void **state)
{
    make_dynamic(ET_EXEC);
    ph[4].p_filesz = strlen(INTERP); /* stops before the NUL */
    assert_rejected("bad interpreter path in segment 4");
}

static void interpreter_past_end_of_file_is_rejected(void **state)
{
    make_dynamic(ET_EXEC);
    ph[4].p_offset = IMG_LEN - 4;
    assert_rejected("bad interpreter path in segment 4");
    make_dynamic(ET_EXEC);
    ph[4].p_offset = 0xffffffffffffffffull; /* + filesz wraps */
    assert_rejected("bad interpreter path in segment 4");
}

/* ---- the message buffer and the window variant ---- */

static void message_is_cut_to_the_buffer_and_terminated(void **state)
{
    char small[8];
    memset(small, 'x', sizeof(small));
    assert_err(elf_check("nope", 4, &info, small, sizeof(small)), ENOEXEC_);
    assert_string_equal(small, "not an ");
    /* no room at all: nothing is written */
    assert_err(elf_check("nope", 4, &info, small, 0), ENOEXEC_);
    assert_string_equal(small, "not an ");
}

static void window_checks_segments_against_the_file_length(void **state)
{
    make_static();
    /* headers in the first page; the segments lie past it, inside the file */
    assert_err(elf_check_window(img, 0x1000, IMG_LEN, &info, why, sizeof(why)), 0);
    assert_int_equal(info.kind, ELF_STATIC);
    /* a file shorter than its last segment */
    assert_err(elf_check_window(img, 0x1000, 0x2400, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "segment 2 is truncated");
}

static void window_needs_the_program_headers_inside_it(void **state)
{
    make_static();
    assert_err(elf_check_window(img, 0x100, IMG_LEN, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "truncated program header table");
}

static void window_needs_the_interpreter_path_inside_it(void **state)
{
    make_dynamic(ET_EXEC);
    assert_err(elf_check_window(img, 0x210, IMG_LEN, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "bad interpreter path in segment 4");
}

static void window_longer_than_the_file_is_cut_to_the_file(void **state)
{
    make_static();
    /* buffer says 0x3000, but the file has only 0x180 bytes */
    assert_err(elf_check_window(img, IMG_LEN, 0x180, &info, why, sizeof(why)), ENOEXEC_);
    assert_string_equal(why, "segment 0 is truncated");
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(static_executable_is_described),
    cmocka_unit_test(bss_end_is_rounded_up_to_a_page),
    cmocka_unit_test(no_gnu_stack_means_non_executable_stack),
    cmocka_unit_test(phdrs_outside_every_segment_have_no_address),
    cmocka_unit_test(static_pie_is_described),
    cmocka_unit_test(dynamic_executable_names_its_interpreter),
    cmocka_unit_test(dynamic_pie_is_dynamic_not_static_pie),
    cmocka_unit_test(sixty_four_program_headers_are_allowed),
    cmocka_unit_test(adjacent_segments_do_not_overlap),
    cmocka_unit_test(segment_may_end_at_the_top_of_user_space),
    cmocka_unit_test(text_file_is_not_an_elf_file),
    cmocka_unit_test(empty_and_three_byte_files_are_not_elf),
    cmocka_unit_test(truncated_elf_header_is_rejected),
    cmocka_unit_test(elf32_is_not_supported),
    cmocka_unit_test(unknown_class_is_rejected),
    cmocka_unit_test(big_endian_is_not_supported),
    cmocka_unit_test(aarch64_machine_is_named),
    cmocka_unit_test(i386_machine_is_named),
    cmocka_unit_test(other_machine_is_given_by_number),
    cmocka_unit_test(relocatable_object_is_not_an_executable),
    cmocka_unit_test(wrong_phentsize_is_rejected),
    cmocka_unit_test(zero_program_headers_are_rejected),
    cmocka_unit_test(too_many_program_headers_are_rejected),
    cmocka_unit_test(program_headers_past_the_end_are_truncated),
    cmocka_unit_test(huge_phoff_does_not_wrap),
    cmocka_unit_test(misaligned_phoff_is_rejected),
    cmocka_unit_test(segment_past_end_of_file_is_truncated),
    cmocka_unit_test(huge_p_offset_plus_filesz_does_not_wrap),
    cmocka_unit_test(filesz_above_memsz_is_rejected),
    cmocka_unit_test(segment_in_kernel_half_is_outside_user_space),
    cmocka_unit_test(segment_crossing_top_of_user_space_is_rejected),
    cmocka_unit_test(huge_p_vaddr_plus_memsz_does_not_wrap),
    cmocka_unit_test(vaddr_and_offset_must_agree_modulo_page),
    cmocka_unit_test(overlapping_segments_are_named),
    cmocka_unit_test(overlap_with_an_earlier_nonadjacent_segment_is_named),
    cmocka_unit_test(two_digit_segment_numbers_are_printed),
    cmocka_unit_test(segment_at_address_zero_maps_the_null_page),
    cmocka_unit_test(segment_inside_page_zero_maps_the_null_page),
    cmocka_unit_test(no_load_segment_is_rejected),
    cmocka_unit_test(segments_spanning_over_a_terabyte_are_rejected),
    cmocka_unit_test(interpreter_without_nul_is_rejected),
    cmocka_unit_test(interpreter_past_end_of_file_is_rejected),
    cmocka_unit_test(message_is_cut_to_the_buffer_and_terminated),
    cmocka_unit_test(window_checks_segments_against_the_file_length),
    cmocka_unit_test(window_needs_the_program_headers_inside_it),
    cmocka_unit_test(window_needs_the_interpreter_path_inside_it),
    cmocka_unit_test(window_longer_than_the_file_is_cut_to_the_file),
};

UNIT_MAIN("elf_check", tests)
