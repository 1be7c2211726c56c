/* fuzz-rekognition-json.c: GetPersonTracking responses and saved results
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  pv_fuzz_exercise (data, size, NULL);
  return 0;
}
