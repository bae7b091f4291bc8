/* A deliberately broken test plugin: a shared object without
 * sysg_plugin_entry. */
int not_a_sysg_plugin(void);

int not_a_sysg_plugin(void)
{
	return 42;
}
