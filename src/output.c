/* output: stub */
int output_placeholder_;
