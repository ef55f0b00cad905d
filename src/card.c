/* card: stub */
int card_placeholder_;
