/* sheet: stub */
int sheet_placeholder_;
