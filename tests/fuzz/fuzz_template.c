/* libFuzzer target: the template loader (parse, validate, every number range-checked) on any bytes. */
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "style.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag_list *d = diag_new();
  style *s = style_load((const char *)data, size, "fuzz.xml", d);
  style_free(s);
  diag_free(d);
  return 0;
}
