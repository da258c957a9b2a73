/* host/help.c: kiln's usage text, the one place that lists every option. */
#include "host/help.h"

void help_print(FILE *f)
{
    fputs("usage: kiln run [options] PROGRAM [ARGS...]\n"
          "       kiln help\n"
          "\n"
          "Run a static Linux x86-64 program in its own tiny virtual machine.\n"
          "Options end at PROGRAM; everything after it goes to the program.\n"
          "A PROGRAM without '/' is looked up in $PATH.\n"
          "\n"
          "  -e KEY=VAL          environment variable for the program (repeatable);\n"
          "                      -e KEY copies the host's value.  The program gets only\n"
          "                      these, plus PATH="
          "/usr/local/sbin:/usr/local/bin:"
          "/usr/sbin:/usr/bin:/sbin:/bin\n"
          "                      unless -e PATH=... is given\n"
          "  -m SIZE             guest RAM, e.g. 64M or 1G (default 128M, 2M..3G;\n"
          "                      a bare number is MiB)\n"
          "  --file HOST:GUEST   copy a host file or directory tree into the guest at\n"
          "                      the absolute path GUEST (repeatable); modes, mtimes and\n"
          "                      symlinks are kept\n"
          "  -w DIR              working directory in the guest (default: the current\n"
          "                      directory, created in the guest)\n"
          "  --vmm kvm|qemu      engine (default kvm; without a usable /dev/kvm, QEMU TCG)\n"
          "  --strace            print each system call of the program on stderr\n"
          "  -v                  kernel log on stderr\n"
          "  -q                  no kiln notices\n"
          "  --kernel PATH       kernel ELF (default: kiln-kernel.elf beside kiln)\n"
          "  --qemu-arg ARG      extra qemu argument(s), split at spaces (repeatable;\n"
          "                      e.g. --qemu-arg '-icount shift=0,sleep=off')\n"
          "  --help              this text\n"
          "\n"
          "Exit status: the program's; 125 if kiln itself failed, 126 if PROGRAM\n"
          "cannot be executed, 127 if it does not exist.\n",
          f);
}
