/* cg-spin: burn CPU until killed, for the cpu_max tests. */
int main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
