/* libFuzzer target: the content loader (parse, validate, semantic checks) on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "content.h"
#include "diag.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_list *d = diag_new();
  model_instrument *m = content_load((const char *)data, size, "fuzz.xml", d);
  model_free(m);
  diag_free(d);
  return 0;
}
