/* fuzz-guidance-json.c: the retail-analytics guidance app's lowerCamel JSON
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"

/* The readers tell formats apart by content, so this target runs the same entry point as the
 * Rekognition one; its own seed corpus keeps the fuzzer in the lowerCamel shapes. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  pv_fuzz_exercise (data, size, NULL);
  return 0;
}
