/* pv-palette.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-palette"

#include "config.h"

#include <math.h>

#include "pv-palette.h"

/* Person colours. Indexes are arbitrary integers (Rekognition counts from 0, trackers from
 * 5961), so the colour must come from the Index alone, the same in every run, in the overlay and
 * in the person list.
 *
 * The hue walks round the circle in golden-ratio steps: neighbouring Indexes land 0.382 of a turn
 * (137.5°) apart, and no two of the first hundreds come close. The step is done in 32-bit fixed
 * point, so huge and negative Indexes get the same spacing as small ones (a double would lose
 * the fraction past 2^52). Hue is taken in OKLCh, a perceptual space, so equal hue steps look
 * like equal colour steps; lightness alternates a little between neighbours too, which keeps
 * colours apart where sRGB's gamut forces the chroma down. */

#define GOLDEN_FRACTION_32 0x9E3779B9u   /* 2^32 / φ */

static double
srgb_encode (double linear)
{
  linear = CLAMP (linear, 0.0, 1.0);
  if (linear <= 0.0031308)
    return 12.92 * linear;
  return 1.055 * pow (linear, 1.0 / 2.4) - 0.055;
}

static void
oklab_to_linear_srgb (double  L,
                      double  a,
                      double  b,
                      double *r,
                      double *g,
                      double *bl)
{
  /* Björn Ottosson's published OKLab inverse matrices. */
  double l_ = L + 0.3963377774 * a + 0.2158037573 * b;
  double m_ = L - 0.1055613458 * a - 0.0638541728 * b;
  double s_ = L - 0.0894841775 * a - 1.2914855480 * b;
  double l = l_ * l_ * l_;
  double m = m_ * m_ * m_;
  double s = s_ * s_ * s_;

  *r = +4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
  *g = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
  *bl = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
}

static gboolean
in_gamut (double r,
          double g,
          double b)
{
  const double eps = 1e-6;

  return r >= -eps && r <= 1 + eps && g >= -eps && g <= 1 + eps && b >= -eps && b <= 1 + eps;
}

/**
 * pv_palette_color:
 * @index: a person's Index
 * @red: (out): 0..1, sRGB
 * @green: (out): 0..1, sRGB
 * @blue: (out): 0..1, sRGB
 *
 * The colour of a person: stable for an Index, and clearly different for neighbouring Indexes.
 */
void
pv_palette_color (gint64  index,
                  double *red,
                  double *green,
                  double *blue)
{
  guint32 turn = (guint32) ((guint64) index * GOLDEN_FRACTION_32);
  double hue = turn / 4294967296.0 * 2 * G_PI;
  double L = (index & 1) ? 0.66 : 0.76;
  double chroma = 0.16;
  double r, g, b;

  g_return_if_fail (red != NULL && green != NULL && blue != NULL);

  /* Lower the chroma until the colour fits sRGB rather than clipping, which would shift hue. */
  for (;;)
    {
      oklab_to_linear_srgb (L, chroma * cos (hue), chroma * sin (hue), &r, &g, &b);
      if (in_gamut (r, g, b) || chroma <= 0.01)
        break;
      chroma -= 0.005;
    }

  *red = srgb_encode (r);
  *green = srgb_encode (g);
  *blue = srgb_encode (b);
}
