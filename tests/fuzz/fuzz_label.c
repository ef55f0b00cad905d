/* libFuzzer target: label filling; the input is the label's text, filled with
 * the placeholders the layout uses. Must stay linear: libFuzzer's -timeout
 * catches a quadratic case on long inputs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  if (!text) return 0;
  memcpy(text, data, size);
  text[size] = '\0'; /* a NUL inside ends the label, as in a C string */
  model_label label = {"l", text, {0}};
  model_instrument m = {.labels = &label, .n_labels = 1};
  static const char *const names[] = {"page", "pages", "", "{", "card"};
  static const char *const values[] = {"3", "12", "empty", "brace", "{page}"};
  char *s = model_label_fill(&m, "l", 5, names, values);
  free(s);
  free(text);
  return 0;
}
