/* build: stub */
int build_placeholder_;
