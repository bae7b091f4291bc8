/* src/known_keys.c names, for each shipped plugin, the keys it owns, so a
 * config using a missing plugin's key is refused with the plugin's name. The
 * table must match what the built plugins declare, key for key. */
#include "build-config.h"

#include <dirent.h>
#include <stdio.h>

#include "config.h"
#include "plugin.h"
#include "testutil.h"

static bool declares(const struct plugin *p, const char *key)
{
	for (const char *const *k = p->api.keys; k && *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

START_TEST(test_table_matches_built_plugins)
{
	DIR *d = opendir(STAGE_PLUGIN_DIR);
	struct dirent *de;
	unsigned checked = 0;

	ck_assert_msg(d != NULL, "no staged plugin directory %s", STAGE_PLUGIN_DIR);
	while ((de = readdir(d))) {
		char path[4096];
		struct plugin *p;
		struct sysg_error err;
		bool shipped = false;

		if (!strstr(de->d_name, ".so"))
			continue;
		snprintf(path, sizeof path, "%s/%s", STAGE_PLUGIN_DIR, de->d_name);
		ck_assert_msg(plugin_load_file(path, &p, &err) == 0, "%s", err.message);
		for (const char *const *k = p->api.keys; k && *k; k++) {
			const char *owner = known_key_plugin(*k);

			ck_assert_msg(owner && !strcmp(owner, p->api.name),
				      "%s declares '%s', which src/known_keys.c gives to %s", p->api.name,
				      *k, owner ? owner : "no plugin");
		}
		for (size_t i = 0; known_plugin_keys[i][0]; i++) {
			if (strcmp(known_plugin_keys[i][1], p->api.name))
				continue;
			shipped = true;
			ck_assert_msg(declares(p, known_plugin_keys[i][0]),
				      "src/known_keys.c gives '%s' to %s, which does not declare it",
				      known_plugin_keys[i][0], p->api.name);
		}
		ck_assert_msg(shipped, "%s is installed but src/known_keys.c does not know it",
			      p->api.name);
		checked++;
		{
			/* A lone plugin is freed through a set of one. */
			struct plugin_set set = {.items = malloc(sizeof p), .count = 1};

			set.items[0] = p;
			plugin_set_free(&set);
		}
	}
	closedir(d);
	fprintf(stderr, "checked the keys of %u installed plugins\n", checked);
}
END_TEST

/* configure --with-plugin-packages: the package named for a missing plugin. */
START_TEST(test_plugin_package_list)
{
	const char *list = " seccomp=sysg-plugin-seccomp  private-tmp=sysg-plugin-private-tmp ";
	char buf[64], small[8];

	ck_assert_str_eq(plugin_package_in(list, "seccomp", buf, sizeof buf),
			 "sysg-plugin-seccomp");
	ck_assert_str_eq(plugin_package_in(list, "private-tmp", buf, sizeof buf),
			 "sysg-plugin-private-tmp");
	/* Whole names only: no prefix, no suffix, no empty package. */
	ck_assert_ptr_null(plugin_package_in(list, "private", buf, sizeof buf));
	ck_assert_ptr_null(plugin_package_in(list, "seccomp2", buf, sizeof buf));
	ck_assert_ptr_null(plugin_package_in("caps=", "caps", buf, sizeof buf));
	ck_assert_ptr_null(plugin_package_in("", "caps", buf, sizeof buf));
	/* A package name longer than the buffer is left out, not cut. */
	ck_assert_ptr_null(plugin_package_in(list, "seccomp", small, sizeof small));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("known_keys");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table_matches_built_plugins);
	tcase_add_test(tc, test_plugin_package_list);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
