/* calibrate: the two-sided test sheet that tells a user their printer's duplex offset. */
#ifndef KAARTSET_CALIBRATE_H
#define KAARTSET_CALIBRATE_H

#include "diag.h"
#include "frame.h"
#include "model.h"
#include "sheet.h"
#include "style.h"
#include "text.h"

/* Range of the grid on the back, in mm either side of the centre. */
enum { CALIBRATE_RANGE_MM = 10 };

/* The calibration sheet as frames, on the paper and in the orientation of
 * the card sheets l: page 1, the front, with the instructions and a cross
 * at the centre of the paper to prick a pin through; page 2, the back,
 * with millimetre paper in 0.5 mm steps around the same centre, on which
 * the hole shows the offset to pass as --back-offset X,Y, in the axes of
 * the card sheets' back pages. The centre maps onto itself for long- and
 * short-edge flips alike. Words come from the labels calibrate.*.
 * frame_doc_free it. */
frame_doc *calibrate_frames(text_ctx *t, const style *s, const model_instrument *m,
                            const sheet_layout *l, sheet_duplex duplex);

#endif
