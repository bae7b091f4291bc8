/* The config reader: YAML to nodes with positions, every typed accessor,
 * sizes, durations, ${VAR}, unknown keys, bad YAML. */
#include "build-config.h"

#include <stdio.h>
#include <unistd.h>

#include "node.h"
#include "testutil.h"

static const char *fake_env(const char *name)
{
	if (!strcmp(name, "HOME_DIR"))
		return "/home/x";
	if (!strcmp(name, "EMPTY"))
		return "";
	return NULL;
}

static struct document *parse(const char *text)
{
	struct document *doc = NULL;
	struct sysg_error err = {0};
	int r = document_parse("t.yaml", text, strlen(text), fake_env, &doc, &err);

	ck_assert_msg(r == 0, "parse failed: %s", err.message);
	return doc;
}

static void parse_fails(const char *text, const char *expected)
{
	struct document *doc = NULL;
	struct sysg_error err = {0};
	int r = document_parse("t.yaml", text, strlen(text), fake_env, &doc, &err);

	ck_assert_int_lt(r, 0);
	ck_assert_ptr_null(doc);
	ck_assert_contains(err.message, expected);
}

START_TEST(test_positions_and_paths)
{
	struct document *doc = parse("services:\n  web:\n    user: www-data\n    caps: [A, B]\n");
	const struct sysg_node *user = sysg_node_get_path(doc->root, "services.web.user");
	const struct sysg_node *caps = sysg_node_get_path(doc->root, "services.web.caps");

	ck_assert_ptr_nonnull(user);
	ck_assert_int_eq(sysg_node_line(user), 3);
	ck_assert_int_eq(sysg_node_column(user), 11);
	ck_assert_str_eq(sysg_node_path(user), "services.web.user");
	ck_assert_str_eq(sysg_node_file(user), "t.yaml");
	ck_assert_int_eq(sysg_node_kind(caps), SYSG_NODE_SEQUENCE);
	ck_assert_int_eq(sysg_node_count(caps), 2);
	ck_assert_str_eq(sysg_node_path(sysg_node_at(caps, 1)), "services.web.caps[1]");
	ck_assert_int_eq(sysg_node_column(sysg_node_at(caps, 1)), 15);
	ck_assert_str_eq(sysg_node_key_at(sysg_node_get(doc->root, "services"), 0), "web");
	ck_assert_ptr_null(sysg_node_get_path(doc->root, "services.web.nope"));
	ck_assert_ptr_null(sysg_node_get_path(doc->root, "services.web.user.deeper"));
	ck_assert_ptr_null(sysg_node_get(NULL, "x"));
	ck_assert_int_eq(sysg_node_count(user), 0);
	document_free(doc);
}
END_TEST

START_TEST(test_string_bool_int)
{
	struct document *doc = parse("s: hello\nq: 'yes'\nb1: true\nb2: off\nb3: maybe\n"
				     "i: -42\nbig: 99999999999999999999\nn:\nm: {a: 1}\n");
	struct sysg_error err = {0};
	const char *s;
	bool b;
	long long i;

	ck_assert_int_eq(sysg_node_string(sysg_node_get(doc->root, "s"), &s, &err), 0);
	ck_assert_str_eq(s, "hello");
	ck_assert_int_eq(sysg_node_bool(sysg_node_get(doc->root, "b1"), &b, &err), 0);
	ck_assert(b);
	ck_assert_int_eq(sysg_node_bool(sysg_node_get(doc->root, "b2"), &b, &err), 0);
	ck_assert(!b);
	ck_assert_int_eq(sysg_node_bool(sysg_node_get(doc->root, "q"), &b, &err), 0);
	ck_assert(b);
	ck_assert_int_lt(sysg_node_bool(sysg_node_get(doc->root, "b3"), &b, &err), 0);
	ck_assert_contains(err.message, "t.yaml:5:5: b3: expected true or false, got 'maybe'");
	ck_assert_int_eq(sysg_node_int(sysg_node_get(doc->root, "i"), -100, 100, &i, &err), 0);
	ck_assert_int_eq(i, -42);
	ck_assert_int_lt(sysg_node_int(sysg_node_get(doc->root, "i"), 0, 100, &i, &err), 0);
	ck_assert_contains(err.message, "t.yaml:6:4: i: expected an integer from 0 to 100, got '-42'");
	ck_assert_int_lt(sysg_node_int(sysg_node_get(doc->root, "big"), 0, 100, &i, &err), 0);
	ck_assert_int_lt(sysg_node_string(sysg_node_get(doc->root, "n"), &s, &err), 0);
	ck_assert_contains(err.message, "n: expected a string, got no value");
	ck_assert_int_lt(sysg_node_string(sysg_node_get(doc->root, "m"), &s, &err), 0);
	ck_assert_contains(err.message, "t.yaml:9:4: m: expected a string, got a mapping");
	ck_assert_int_eq(sysg_node_string(NULL, &s, &err), -ENOENT);
	document_free(doc);
}
END_TEST

START_TEST(test_sizes)
{
	static const struct {
		const char *text;
		uint64_t value;
	} good[] = {
		{"0", 0},
		{"123", 123},
		{"64K", 64ull << 10},
		{"64k", 64ull << 10},
		{"100M", 100ull << 20},
		{"100MB", 100ull << 20},
		{"100MiB", 100ull << 20},
		{"2G", 2ull << 30},
		{"1T", 1ull << 40},
		{"unlimited", SYSG_UNLIMITED},
		{"infinity", SYSG_UNLIMITED},
		{"max", SYSG_UNLIMITED},
	};
	static const char *const bad[] = {"", "-1", " 1", "1.5G", "10X", "G", "1GG",
					  "99999999999999999999", "16777216T", "18446744073709551615"};
	uint64_t v;

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		ck_assert_msg(parse_size(good[i].text, &v) == 0, "'%s' rejected", good[i].text);
		ck_assert_msg(v == good[i].value, "'%s' gave %llu", good[i].text,
			      (unsigned long long)v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(parse_size(bad[i], &v) < 0, "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(test_size_node)
{
	struct document *doc = parse("a: 2G\nb: lots\nc: 99999999T\n");
	struct sysg_error err = {0};
	uint64_t v;

	ck_assert_int_eq(sysg_node_size(sysg_node_get(doc->root, "a"), &v, &err), 0);
	ck_assert_uint_eq(v, 2ull << 30);
	ck_assert_int_lt(sysg_node_size(sysg_node_get(doc->root, "b"), &v, &err), 0);
	ck_assert_contains(err.message, "t.yaml:2:4: b: expected a size");
	ck_assert_int_lt(sysg_node_size(sysg_node_get(doc->root, "c"), &v, &err), 0);
	ck_assert_contains(err.message, "c: size '99999999T' is too large");
	document_free(doc);
}
END_TEST

START_TEST(test_durations)
{
	static const struct {
		const char *text;
		uint64_t ms;
	} good[] = {
		{"0", 0},      {"10", 10000},      {"250ms", 250},    {"10s", 10000},
		{"5m", 300000}, {"1h", 3600000},   {"1m30s", 90000},  {"2d", 172800000},
		{"1h1m1s1ms", 3661001},
	};
	static const char *const bad[] = {"", "-1s", "1.5s", "10x", "s", "1s2", "10 s", "1mss"};
	struct document *doc = parse("d: 2 hours\n");
	struct sysg_error err = {0};
	uint64_t v;

	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		ck_assert_msg(parse_duration_ms(good[i].text, &v) == 0, "'%s' rejected", good[i].text);
		ck_assert_msg(v == good[i].ms, "'%s' gave %llu", good[i].text, (unsigned long long)v);
	}
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(parse_duration_ms(bad[i], &v) < 0, "'%s' accepted", bad[i]);
	ck_assert_int_lt(sysg_node_duration_ms(sysg_node_get(doc->root, "d"), &v, &err), 0);
	ck_assert_contains(err.message, "t.yaml:1:4: d: expected a duration (e.g. 500ms, 10s, 5m, 1h), got '2 hours'");
	document_free(doc);
}
END_TEST

START_TEST(test_string_list)
{
	struct document *doc = parse("l: [a, b]\none: x\nempty: []\nbad: [a, {b: 1}]\nm: {a: 1}\n");
	struct sysg_error err = {0};
	char **v;

	ck_assert_int_eq(sysg_node_string_list(sysg_node_get(doc->root, "l"), &v, &err), 0);
	ck_assert_str_eq(v[0], "a");
	ck_assert_str_eq(v[1], "b");
	ck_assert_ptr_null(v[2]);
	sysg_strv_free(v);
	ck_assert_int_eq(sysg_node_string_list(sysg_node_get(doc->root, "one"), &v, &err), 0);
	ck_assert_str_eq(v[0], "x");
	ck_assert_ptr_null(v[1]);
	sysg_strv_free(v);
	ck_assert_int_eq(sysg_node_string_list(sysg_node_get(doc->root, "empty"), &v, &err), 0);
	ck_assert_ptr_null(v[0]);
	sysg_strv_free(v);
	ck_assert_int_lt(sysg_node_string_list(sysg_node_get(doc->root, "bad"), &v, &err), 0);
	ck_assert_contains(err.message, "t.yaml:4:10: bad[1]: expected a string, got a mapping");
	ck_assert_int_lt(sysg_node_string_list(sysg_node_get(doc->root, "m"), &v, &err), 0);
	ck_assert_contains(err.message, "m: expected a list, got a mapping");
	document_free(doc);
}
END_TEST

START_TEST(test_env_expansion)
{
	struct document *doc =
		parse("a: ${HOME_DIR}/x\nb: \"${NOPE:-fallback}\"\nc: $${HOME_DIR}\nd: x${EMPTY}y\n"
		      "e: ${EMPTY:-def}\nf: $$HOME\n");
	const char *s;

	sysg_node_string(sysg_node_get(doc->root, "a"), &s, NULL);
	ck_assert_str_eq(s, "/home/x/x");
	sysg_node_string(sysg_node_get(doc->root, "b"), &s, NULL);
	ck_assert_str_eq(s, "fallback");
	sysg_node_string(sysg_node_get(doc->root, "c"), &s, NULL);
	ck_assert_str_eq(s, "${HOME_DIR}");
	sysg_node_string(sysg_node_get(doc->root, "d"), &s, NULL);
	ck_assert_str_eq(s, "xy");
	sysg_node_string(sysg_node_get(doc->root, "e"), &s, NULL);
	ck_assert_str_eq(s, "def");
	/* Only ${...} is sysg's: a shell's $$ and $VAR pass through. */
	sysg_node_string(sysg_node_get(doc->root, "f"), &s, NULL);
	ck_assert_str_eq(s, "$$HOME");
	document_free(doc);

	parse_fails("a: ${NOPE}\n", "t.yaml:1:4: environment variable 'NOPE' is not set");
	parse_fails("a:\n  b: x ${UNCLOSED\n", "t.yaml:2:6: unterminated '${'");
	parse_fails("a: ${1BAD}\n", "t.yaml:1:4: bad variable reference");
	parse_fails("a: ${BA-D}\n", "bad variable name");
}
END_TEST

START_TEST(test_bad_yaml)
{
	parse_fails("a: [1, 2\n", "t.yaml:2:1: YAML syntax error");
	parse_fails("a: b\n c: d\n  - e\n", "t.yaml:");
	parse_fails("a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a'");
	parse_fails("x: &anchor 1\ny: *anchor\n", "t.yaml:2:4: YAML aliases (*anchor) are not supported");
	parse_fails("? [a, b]\n: c\n", "t.yaml:1:3: a mapping key must be a plain value");
	parse_fails("a: 1\n---\nb: 2\n", "only one YAML document is allowed");
	parse_fails("", "t.yaml: the file is empty");
	parse_fails("# only a comment\n", "t.yaml: the file is empty");
	parse_fails("\t- a\n", "t.yaml:1:");
}
END_TEST

START_TEST(test_deep_nesting)
{
	char text[1024] = "";

	for (int i = 0; i < 70; i++)
		strcat(text, "[");
	parse_fails(text, "nesting deeper than 64 levels");
}
END_TEST

START_TEST(test_check_keys)
{
	static const char *const allowed[] = {"soft", "hard", NULL};
	struct document *doc = parse("ok: {soft: 1, hard: 2}\nbad: {soft: 1, hrad: 2}\nlist: [1]\n");
	struct sysg_error err = {0};

	ck_assert_int_eq(sysg_node_check_keys(sysg_node_get(doc->root, "ok"), allowed, &err), 0);
	ck_assert_int_lt(sysg_node_check_keys(sysg_node_get(doc->root, "bad"), allowed, &err), 0);
	ck_assert_contains(err.message,
			   "t.yaml:2:22: bad.hrad: unknown key 'hrad' (expected one of: soft, hard)");
	ck_assert_int_lt(sysg_node_check_keys(sysg_node_get(doc->root, "list"), allowed, &err), 0);
	ck_assert_contains(err.message, "list: expected a mapping, got a list");
	document_free(doc);
}
END_TEST

START_TEST(test_load_file)
{
	char path[] = "/tmp/sysg-check-config.XXXXXX";
	int fd = mkstemp(path);
	struct document *doc = NULL;
	struct sysg_error err = {0};

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "a: 1\n", 5), 5);
	close(fd);
	ck_assert_int_eq(document_load(path, false, &doc, &err), 0);
	ck_assert_str_eq(sysg_node_file(sysg_node_get(doc->root, "a")), path);
	document_free(doc);
	unlink(path);
	ck_assert_int_lt(document_load(path, false, &doc, &err), 0);
	ck_assert_contains(err.message, "cannot open: No such file or directory");
	ck_assert_int_lt(document_load("/tmp", false, &doc, &err), 0);
	ck_assert_contains(err.message, "/tmp: not a regular file");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, test_positions_and_paths);
	tcase_add_test(tc, test_string_bool_int);
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_size_node);
	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_string_list);
	tcase_add_test(tc, test_env_expansion);
	tcase_add_test(tc, test_bad_yaml);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_check_keys);
	tcase_add_test(tc, test_load_file);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
