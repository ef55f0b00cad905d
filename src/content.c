/* content: instrument.xml to the model (stub, being written). */
#include "content.h"

model_instrument *content_load(const char *buf, size_t len, const char *filename, diag_list *d) {
  (void)buf; (void)len;
  diag_error(d, filename, 0, "content loader not written yet");
  return NULL;
}

model_instrument *content_load_file(const char *path, diag_list *d) {
  return content_load(NULL, 0, path, d);
}
