/* fuzz-mot.c: MOT Challenge text
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
  /* The PETS09-S2L1 clip the real MOT files belong to. */
  const PvReadOptions options = { .frame_rate = 10, .frame_width = 768, .frame_height = 576 };

  pv_fuzz_exercise (data, size, &options);
  return 0;
}
