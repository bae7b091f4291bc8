/* SPDX-License-Identifier: MIT */
/*
 * Would the service's own program still be executable once the ruleset is
 * in force? The core's exec step (900) runs after Landlock (750), so the
 * program, and every interpreter the kernel opens to run it (the "#!" line
 * of a script, the ELF program interpreter ld.so), needs the execute right,
 * which only ro_paths and exec_paths grant. Without this check the mistake would show
 * only at start as "execve: Permission denied"; here it is a config error
 * that names the file to add.
 *
 * Checked when the program is known at config load: `command:` runs
 * /bin/sh, `exec:` an absolute path (or one relative to an absolute
 * working_dir). A bare name is looked up in the service's PATH only at
 * start, so it is not checked here. Programs that do not exist yet are left
 * to the core, which reports them at start.
 */
#include "build-config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "landlock.h"

/* Is the real path `real` at or beneath `base` (also a real path)? */
static bool beneath(const char *base, const char *real)
{
	size_t n = strlen(base);

	if (!strcmp(base, "/"))
		return true;
	return !strncmp(base, real, n) && (real[n] == '\0' || real[n] == '/');
}

static bool executable(const struct landlock_service *s, const char *real)
{
	for (size_t i = 0; i < s->count; i++)
		if ((s->rules[i].allowed & LANDLOCK_ACCESS_FS_EXECUTE) && s->rules[i].real &&
		    beneath(s->rules[i].real, real))
			return true;
	return false;
}

/* The ELF program interpreter (PT_INTERP) of an open file, if any. */
static bool elf_interpreter(int fd, const unsigned char *head, size_t n, char *out, size_t size)
{
	uint64_t phoff, offset = 0, filesz = 0;
	unsigned phnum, phentsize;
	bool found = false;

	if (n < EI_NIDENT || memcmp(head, ELFMAG, SELFMAG))
		return false;
	if (head[EI_CLASS] == ELFCLASS64 && n >= sizeof(Elf64_Ehdr)) {
		const Elf64_Ehdr *eh = (const void *)head;

		phoff = eh->e_phoff, phnum = eh->e_phnum, phentsize = eh->e_phentsize;
		if (phentsize != sizeof(Elf64_Phdr))
			return false;
		for (unsigned i = 0; i < phnum && !found; i++) {
			Elf64_Phdr ph;

			if (pread(fd, &ph, sizeof ph, (off_t)(phoff + (uint64_t)i * phentsize)) !=
			    (ssize_t)sizeof ph)
				return false;
			if (ph.p_type == PT_INTERP)
				found = true, offset = ph.p_offset, filesz = ph.p_filesz;
		}
	} else if (head[EI_CLASS] == ELFCLASS32 && n >= sizeof(Elf32_Ehdr)) {
		const Elf32_Ehdr *eh = (const void *)head;

		phoff = eh->e_phoff, phnum = eh->e_phnum, phentsize = eh->e_phentsize;
		if (phentsize != sizeof(Elf32_Phdr))
			return false;
		for (unsigned i = 0; i < phnum && !found; i++) {
			Elf32_Phdr ph;

			if (pread(fd, &ph, sizeof ph, (off_t)(phoff + (uint64_t)i * phentsize)) !=
			    (ssize_t)sizeof ph)
				return false;
			if (ph.p_type == PT_INTERP)
				found = true, offset = ph.p_offset, filesz = ph.p_filesz;
		}
	}
	if (!found || filesz < 2 || filesz >= size)
		return false;
	if (pread(fd, out, filesz, (off_t)offset) != (ssize_t)filesz)
		return false;
	out[filesz - 1] = '\0'; /* stored with its terminating NUL */
	return out[0] == '/';
}

/* The interpreter the kernel opens to run `path`: a script's "#!" program
 * or an ELF file's ld.so. false when there is none (or it cannot be read). */
static bool interpreter_of(const char *path, char *out, size_t size)
{
	unsigned char head[256];
	ssize_t n;
	bool found = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	n = read(fd, head, sizeof head - 1);
	if (n >= 2 && head[0] == '#' && head[1] == '!') {
		size_t i = 2, len;

		head[n] = '\0';
		while (head[i] == ' ' || head[i] == '\t')
			i++;
		len = strcspn((const char *)head + i, " \t\r\n");
		if (len && len < size && head[i] == '/') {
			memcpy(out, head + i, len);
			out[len] = '\0';
			found = true;
		}
	} else if (n > 0) {
		found = elf_interpreter(fd, head, (size_t)n, out, size);
	}
	close(fd);
	return found;
}

/* The program as the core will exec it, when known at config load. */
static bool program_of(const struct sysg_node *service, char *out, size_t size)
{
	const struct sysg_node *exec = sysg_node_get(service, "exec");
	const char *prog, *dir;

	if (sysg_node_get(service, "command"))
		return (size_t)snprintf(out, size, "/bin/sh") < size;
	if (sysg_node_kind(exec) != SYSG_NODE_SEQUENCE || sysg_node_count(exec) == 0 ||
	    sysg_node_string(sysg_node_at(exec, 0), &prog, NULL) < 0)
		return false;
	if (prog[0] == '/')
		return (size_t)snprintf(out, size, "%s", prog) < size;
	if (!strchr(prog, '/') ||
	    sysg_node_string(sysg_node_get(service, "working_dir"), &dir, NULL) < 0 || dir[0] != '/')
		return false;
	return (size_t)snprintf(out, size, "%s/%s", dir, prog) < size;
}

int landlock_check_program(const struct landlock_service *s, const struct sysg_node *service,
			   const struct sysg_node *where, struct sysg_error *err)
{
	char name[PATH_MAX], real[PATH_MAX], by[PATH_MAX] = "";

	if (!program_of(service, name, sizeof name))
		return 0;
	/* A program, its script interpreter, that one's ld.so: a short chain. */
	for (int depth = 0; depth < 4; depth++) {
		if (!realpath(name, real))
			return 0;
		if (!executable(s, real)) {
			char shown[2 * PATH_MAX + 8];

			if (strcmp(name, real))
				snprintf(shown, sizeof shown, "%s (%s)", name, real);
			else
				snprintf(shown, sizeof shown, "%s", name);
			if (by[0])
				return sysg_node_error(err, where, -EACCES,
						       "the interpreter %s that %s needs is not beneath "
						       "any of ro_paths or exec_paths, so Landlock would "
						       "stop the service's exec: add it (or a directory "
						       "above it) to ro_paths",
						       shown, by);
			return sysg_node_error(err, where, -EACCES,
					       "the service's program %s is not beneath any of "
					       "ro_paths or exec_paths, so Landlock would stop its exec: "
					       "add it (or a directory above it, e.g. /usr) to ro_paths",
					       shown);
		}
		snprintf(by, sizeof by, "%s", real);
		if (!interpreter_of(real, name, sizeof name))
			break;
	}
	return 0;
}
