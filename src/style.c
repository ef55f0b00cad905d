/* style: stub */
int style_placeholder_;
