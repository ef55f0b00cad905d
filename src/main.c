/* main: the kaartset command line (stub). */
int main(void) { return 0; }
