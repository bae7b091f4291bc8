/* The plugin loader refuses each kind of bad plugin with a message naming the
 * file (and both values where there are two), and loads good ones. The
 * deliberately broken plugins are built in tests/plugins. */
#include "build-config.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plugin.h"
#include "testutil.h"

/* A fresh plugin directory holding copies of the named test plugins. */
static char *plugin_dir(const char *const *names)
{
	static char dir[64];

	snprintf(dir, sizeof dir, "/tmp/sysg-check-loader.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	chmod(dir, 0755);
	for (; *names; names++) {
		char cmd[512];

		snprintf(cmd, sizeof cmd, "cp %s/%s.so %s/ && chmod 0755 %s/%s.so", TEST_PLUGIN_DIR,
			 *names, dir, dir, *names);
		ck_assert_int_eq(system(cmd), 0);
	}
	return dir;
}

static void remove_dir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Load a directory; returns the loader's result, err filled. */
static int load_dirs(struct plugin_set *set, const char *const *dirs, char *const *only,
		     struct sysg_error *err)
{
	for (; *dirs; dirs++) {
		set->searched = realloc(set->searched, (set->n_searched + 2) * sizeof *set->searched);
		set->searched[set->n_searched++] = strdup(*dirs);
		set->searched[set->n_searched] = NULL;
	}
	return plugin_load_all(set, only, err);
}

static void refused(const char *const *names, const char *expected)
{
	char *dir = plugin_dir(names);
	const char *dirs[] = {dir, NULL};
	struct plugin_set set = {0};
	struct sysg_error err = {0};

	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, expected);
	ck_assert_contains(err.message, dir);
	plugin_set_free(&set);
	remove_dir(dir);
}

START_TEST(test_loads_good_plugin)
{
	const char *names[] = {"good", "failhook", NULL};
	char *dir = plugin_dir(names);
	const char *dirs[] = {dir, NULL};
	struct plugin_set set = {0};
	struct sysg_error err = {0};
	struct plugin *good;

	ck_assert_msg(load_dirs(&set, dirs, NULL, &err) == 0, "%s", err.message);
	ck_assert_int_eq(set.count, 3); /* core, failhook, good: sorted by name */
	ck_assert_str_eq(set.items[0]->api.name, "core");
	ck_assert_str_eq(set.items[1]->api.name, "failhook");
	good = plugin_find(&set, "good");
	ck_assert_ptr_nonnull(good);
	ck_assert_str_eq(good->api.version, "1.0");
	ck_assert_ptr_eq(plugin_key_owner(&set, "test.good"), good);
	ck_assert_ptr_eq(plugin_key_owner(&set, "user"), plugin_find(&set, "core"));
	ck_assert_ptr_null(plugin_key_owner(&set, "test"));
	plugin_set_free(&set);
	remove_dir(dir);
}
END_TEST

START_TEST(test_refuses_wrong_abi)
{
	const char *names[] = {"badabi", NULL};

	refused(names, "badabi.so: plugin ABI 999, but this sysg speaks ABI 1");
}
END_TEST

START_TEST(test_refuses_short_size)
{
	const char *names[] = {"shortsize", NULL};
	char expected[128];

	snprintf(expected, sizeof expected,
		 "shortsize.so: plugin descriptor is 16 bytes, sysg needs at least %zu",
		 sizeof(struct sysg_plugin));
	refused(names, expected);
}
END_TEST

START_TEST(test_refuses_missing_entry)
{
	const char *names[] = {"noentry", NULL};

	refused(names, "noentry.so: not a sysg plugin: it does not export sysg_plugin_entry()");
}
END_TEST

START_TEST(test_refuses_duplicate_name)
{
	const char *names[] = {"good", "dupname", NULL};

	refused(names, "duplicate plugin name 'good': ");
}
END_TEST

START_TEST(test_refuses_duplicate_key)
{
	const char *names[] = {"good", "dupkey", NULL};

	refused(names, "config key 'test.good' is owned by two plugins: dupkey (");
}
END_TEST

START_TEST(test_refuses_nested_key)
{
	const char *names[] = {"good", "nestkey", NULL};

	refused(names, "config key 'test' of plugin nestkey (");
	refused(names, "contains key 'test.good' of plugin good (");
}
END_TEST

START_TEST(test_refuses_not_regular)
{
	const char *names[] = {NULL};
	char *dir = plugin_dir(names);
	const char *dirs[] = {dir, NULL};
	struct plugin_set set = {0};
	struct sysg_error err = {0};
	char path[128];

	snprintf(path, sizeof path, "%s/fifo.so", dir);
	ck_assert_int_eq(mkfifo(path, 0644), 0);
	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, "fifo.so: not a regular file");
	plugin_set_free(&set);
	unlink(path);
	snprintf(path, sizeof path, "%s/dir.so", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, "dir.so: not a regular file");
	plugin_set_free(&set);
	remove_dir(dir);
}
END_TEST

START_TEST(test_refuses_writable_file_and_dir)
{
	const char *names[] = {"good", NULL};
	char *dir = plugin_dir(names);
	const char *dirs[] = {dir, NULL};
	struct plugin_set set = {0};
	struct sysg_error err = {0};
	char path[128];

	snprintf(path, sizeof path, "%s/good.so", dir);
	chmod(path, 0757);
	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, "good.so: refusing to load the plugin: it is writable by others (mode 0757)");
	plugin_set_free(&set);
	chmod(path, 0755);
	chmod(dir, 0775);
	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, "refusing to load plugins from the directory: it is writable by its group (mode 0775)");
	plugin_set_free(&set);
	remove_dir(dir);
}
END_TEST

START_TEST(test_refuses_foreign_owner)
{
	const char *names[] = {"good", NULL};
	char *dir, path[128];
	const char *dirs[2];
	struct plugin_set set = {0};
	struct sysg_error err = {0};

	if (geteuid() != 0) {
		/* Only root can give a file away; the check itself is the same. */
		fprintf(stderr, "skipping the ownership check: not root\n");
		return;
	}
	dir = plugin_dir(names);
	dirs[0] = dir;
	dirs[1] = NULL;
	snprintf(path, sizeof path, "%s/good.so", dir);
	ck_assert_int_eq(chown(path, 65534, 65534), 0);
	ck_assert_int_lt(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_contains(err.message, "good.so: refusing to load the plugin: it is owned by uid 65534, not by root");
	plugin_set_free(&set);
	remove_dir(dir);
}
END_TEST

START_TEST(test_shadowing_and_load_list)
{
	const char *first_names[] = {"good", NULL}, *second_names[] = {"good", "failhook", NULL};
	char first[64], *second;
	const char *dirs[3];
	struct plugin_set set = {0};
	struct sysg_error err = {0};
	char *only[] = {"good", NULL}, *missing[] = {"good", "nosuch", NULL};
	char expected[256];

	snprintf(first, sizeof first, "%s", plugin_dir(first_names));
	second = plugin_dir(second_names);
	dirs[0] = first;
	dirs[1] = second;
	dirs[2] = NULL;
	/* good.so in both: the first directory's wins, no duplicate error. */
	ck_assert_msg(load_dirs(&set, dirs, NULL, &err) == 0, "%s", err.message);
	ck_assert_int_eq(set.count, 3);
	ck_assert_str_eq(plugin_find(&set, "good")->file, strcat(strcpy(expected, first), "/good.so"));
	plugin_set_free(&set);
	/* plugins.load: only the listed ones. */
	ck_assert_msg(load_dirs(&set, dirs, only, &err) == 0, "%s", err.message);
	ck_assert_int_eq(set.count, 2);
	ck_assert_ptr_null(plugin_find(&set, "failhook"));
	plugin_set_free(&set);
	/* A listed plugin that is nowhere: the error says where sysg looked. */
	ck_assert_int_lt(load_dirs(&set, dirs, missing, &err), 0);
	snprintf(expected, sizeof expected,
		 "plugin 'nosuch' (plugins.load) not found: no nosuch.so in %s, %s", first, second);
	ck_assert_contains(err.message, expected);
	plugin_set_free(&set);
	remove_dir(first);
	remove_dir(second);
}
END_TEST

START_TEST(test_missing_dir_is_skipped)
{
	const char *dirs[] = {"/nonexistent/sysg-plugins", NULL};
	struct plugin_set set = {0};
	struct sysg_error err = {0};

	ck_assert_int_eq(load_dirs(&set, dirs, NULL, &err), 0);
	ck_assert_int_eq(set.count, 1); /* the core */
	plugin_set_free(&set);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("refusals");

	tcase_add_test(tc, test_loads_good_plugin);
	tcase_add_test(tc, test_refuses_wrong_abi);
	tcase_add_test(tc, test_refuses_short_size);
	tcase_add_test(tc, test_refuses_missing_entry);
	tcase_add_test(tc, test_refuses_duplicate_name);
	tcase_add_test(tc, test_refuses_duplicate_key);
	tcase_add_test(tc, test_refuses_nested_key);
	tcase_add_test(tc, test_refuses_not_regular);
	tcase_add_test(tc, test_refuses_writable_file_and_dir);
	tcase_add_test(tc, test_refuses_foreign_owner);
	tcase_add_test(tc, test_shadowing_and_load_list);
	tcase_add_test(tc, test_missing_dir_is_skipped);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
