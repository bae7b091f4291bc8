/* Log files: size rotation keeps max_files files, each under max_bytes, and
 * the current name never goes missing while it rotates (a `sysg logs -f`
 * reader reopens by that name). */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logfile.h"
#include "testutil.h"

static char dir[] = "/tmp/sysg-check-logfile.XXXXXX";

static void setup(void)
{
	strcpy(dir, "/tmp/sysg-check-logfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static off_t size_of(unsigned generation)
{
	char path[4096];
	struct stat st;

	ck_assert_int_eq(logfile_path(dir, "svc", "stdout", generation, path, sizeof path), 0);
	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Write lines until the log has rotated `rotations` times, and report
 * every inotify event on the current name that would leave a reader
 * without a file to reopen. */
static int write_and_watch(unsigned max_files, int rotations)
{
	char events[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	char line[100];
	struct logfile lf;
	int in, gone = 0, replaced = 0;
	ssize_t n;

	in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	ck_assert_int_ge(in, 0);
	logfile_open(&lf, dir, "svc", "stdout", 1024, max_files);
	ck_assert_int_ge(lf.fd, 0);
	ck_assert_int_ge(inotify_add_watch(in, dir, IN_MOVED_FROM | IN_DELETE | IN_MOVED_TO), 0);
	memset(line, 'x', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	for (int i = 0; i < rotations * 10; i++) {
		logfile_write(&lf, line, strlen(line));
		while ((n = read(in, events, sizeof events)) > 0) {
			for (char *p = events; p < events + n;) {
				struct inotify_event *ev = (struct inotify_event *)p;

				if (ev->len && !strcmp(ev->name, "svc.stdout.log")) {
					if (ev->mask & (IN_MOVED_FROM | IN_DELETE))
						gone++;
					if (ev->mask & IN_MOVED_TO)
						replaced++;
				}
				p += sizeof *ev + ev->len;
			}
		}
	}
	logfile_close(&lf);
	close(in);
	ck_assert_int_ge(replaced, rotations - 1);
	return gone;
}

START_TEST(rotation_keeps_max_files)
{
	ck_assert_int_eq(write_and_watch(3, 8), 0);
	for (unsigned g = 0; g < 3; g++) {
		ck_assert_int_gt(size_of(g), 0);
		ck_assert_int_le(size_of(g), 1024);
	}
	ck_assert_int_eq(size_of(3), -1);
}
END_TEST

START_TEST(rotation_with_two_files)
{
	ck_assert_int_eq(write_and_watch(2, 8), 0);
	ck_assert_int_gt(size_of(1), 0);
	ck_assert_int_le(size_of(1), 1024);
	ck_assert_int_eq(size_of(2), -1);
}
END_TEST

START_TEST(rotation_with_one_file)
{
	ck_assert_int_eq(write_and_watch(1, 8), 0);
	ck_assert_int_le(size_of(0), 1024);
	ck_assert_int_eq(size_of(1), -1);
}
END_TEST

/* No temporary file is left behind by a rotation. */
START_TEST(rotation_leaves_no_temporary)
{
	char path[4096];

	write_and_watch(3, 4);
	snprintf(path, sizeof path, "%s/svc.stdout.log.new", dir);
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("logfile");
	TCase *tc = tcase_create("rotation");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rotation_keeps_max_files);
	tcase_add_test(tc, rotation_with_two_files);
	tcase_add_test(tc, rotation_with_one_file);
	tcase_add_test(tc, rotation_leaves_no_temporary);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
