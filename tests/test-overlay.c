/* test-overlay.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "pv-overlay.h"
#include "pv-palette.h"

/* Positions below are computed here from the ratios and the letterbox arithmetic, never read back
 * from the renderer. */

typedef struct
{
  cairo_surface_t *surface;
  cairo_t         *cr;
  int              width;
  int              height;
} Canvas;

static void
canvas_init (Canvas *c,
             int     width,
             int     height)
{
  c->width = width;
  c->height = height;
  c->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  c->cr = cairo_create (c->surface);
}

static void
canvas_clear (Canvas *c)
{
  g_clear_pointer (&c->cr, cairo_destroy);
  g_clear_pointer (&c->surface, cairo_surface_destroy);
}

/* Returns the pixel as un-premultiplied 0..255 channels. */
static void
canvas_pixel (Canvas *c,
              int     px,
              int     py,
              int    *r,
              int    *g,
              int    *b,
              int    *a)
{
  const guint8 *data;
  guint32 v;

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, c->width);
  g_assert_cmpint (py, <, c->height);

  cairo_surface_flush (c->surface);
  data = cairo_image_surface_get_data (c->surface);
  v = *(const guint32 *) (gconstpointer) (data + py * cairo_image_surface_get_stride (c->surface) + px * 4);
  *a = (v >> 24) & 0xff;
  if (*a == 0)
    {
      *r = *g = *b = 0;
      return;
    }
  *r = (((v >> 16) & 0xff) * 255 + *a / 2) / *a;
  *g = (((v >> 8) & 0xff) * 255 + *a / 2) / *a;
  *b = ((v & 0xff) * 255 + *a / 2) / *a;
}

static void
assert_person_colour (Canvas *c,
                      int     px,
                      int     py,
                      gint64  index)
{
  double er, eg, eb;
  int r, g, b, a;

  pv_palette_color (index, &er, &eg, &eb);
  canvas_pixel (c, px, py, &r, &g, &b, &a);
  if (a != 255 || ABS (r - (int) round (er * 255)) > 2 || ABS (g - (int) round (eg * 255)) > 2 ||
      ABS (b - (int) round (eb * 255)) > 2)
    g_error ("pixel (%d,%d) is %d,%d,%d,%d; expected person %" G_GINT64_FORMAT "'s colour "
             "%.0f,%.0f,%.0f opaque", px, py, r, g, b, a, index, er * 255, eg * 255, eb * 255);
}

static void
assert_untouched (Canvas *c,
                  int     px,
                  int     py)
{
  int r, g, b, a;

  canvas_pixel (c, px, py, &r, &g, &b, &a);
  if (a != 0)
    g_error ("pixel (%d,%d) was drawn on (%d,%d,%d,%d)", px, py, r, g, b, a);
}

static void
assert_rows_untouched (Canvas *c,
                       int     y0,
                       int     y1)
{
  for (int py = y0; py < y1; py++)
    for (int px = 0; px < c->width; px++)
      assert_untouched (c, px, py);
}

static void
assert_columns_untouched (Canvas *c,
                          int     x0,
                          int     x1)
{
  for (int py = 0; py < c->height; py++)
    for (int px = x0; px < x1; px++)
      assert_untouched (c, px, py);
}

static PvVisiblePerson
person_with_box (gint64 index,
                 double left,
                 double top,
                 double width,
                 double height)
{
  PvVisiblePerson p = { 0 };

  p.index = index;
  p.box = (PvBox) { left, top, width, height };
  p.flags = PV_DETECTION_HAS_BOX;
  return p;
}

static void
test_fit_letterbox (void)
{
  double x, y, w, h;

  /* 640x360 into 800x600: full width, 800*360/640 = 450 tall, (600-450)/2 = 75 bars. */
  pv_overlay_fit (800, 600, 640, 360, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 75, 1e-9);
  g_assert_cmpfloat_with_epsilon (w, 800, 1e-9);
  g_assert_cmpfloat_with_epsilon (h, 450, 1e-9);

  /* 768x576 (4:3) into 1600x900: full height, 900*4/3 = 1200 wide, (1600-1200)/2 = 200 bars. */
  pv_overlay_fit (1600, 900, 768, 576, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (x, 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (w, 1200, 1e-9);
  g_assert_cmpfloat_with_epsilon (h, 900, 1e-9);

  /* A displayed size with non-square pixels (720x576 stored, 1024x576 shown) fits as shown. */
  pv_overlay_fit (1024, 1024, 1024, 576, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (y, 224, 1e-9);
  g_assert_cmpfloat_with_epsilon (h, 576, 1e-9);

  /* Nothing to show gives an empty rectangle, not a division by zero. */
  pv_overlay_fit (800, 600, 0, 0, &x, &y, &w, &h);
  g_assert_cmpfloat (w, ==, 0);
  g_assert_cmpfloat (h, ==, 0);
}

static void
test_box_edges (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvVisiblePerson p = person_with_box (3, 0.25, 0.2, 0.3, 0.5);
  double x, y, w, h;
  double left, top, right, bottom;

  canvas_init (&c, 800, 600);
  pv_overlay_style_init (&style);
  style.show_labels = FALSE;
  pv_overlay_fit (800, 600, 640, 360, &x, &y, &w, &h);
  pv_overlay_draw_people (c.cr, x, y, w, h, &p, 1, 0, NULL, NULL, &style);

  left = x + 0.25 * w;
  top = y + 0.2 * h;
  right = x + 0.55 * w;
  bottom = y + 0.7 * h;

  /* Each edge, half way along it. */
  assert_person_colour (&c, (int) floor (left), (int) ((top + bottom) / 2), 3);
  assert_person_colour (&c, (int) floor (right), (int) ((top + bottom) / 2), 3);
  assert_person_colour (&c, (int) ((left + right) / 2), (int) floor (top), 3);
  assert_person_colour (&c, (int) ((left + right) / 2), (int) floor (bottom), 3);

  /* The inside of the box and the space around it stay clear. */
  assert_untouched (&c, (int) ((left + right) / 2), (int) ((top + bottom) / 2));
  assert_untouched (&c, (int) floor (left) - 5, (int) ((top + bottom) / 2));
  assert_untouched (&c, (int) floor (right) + 5, (int) ((top + bottom) / 2));
  assert_rows_untouched (&c, 0, (int) y);
  assert_rows_untouched (&c, (int) ceil (y + h), c.height);

  canvas_clear (&c);
}

static void
test_clipped_to_picture (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvVisiblePerson people[] = {
    /* Past every edge, as real data does (1.0000000298 and worse). */
    person_with_box (1, -0.1, -0.1, 1.3, 1.3),
    person_with_box (2, 0.8, 0.85, 0.5, 0.5),
  };
  double x, y, w, h;

  /* A 4:3 picture in a wide area: bars left and right. */
  canvas_init (&c, 1000, 450);
  pv_overlay_style_init (&style);
  pv_overlay_fit (1000, 450, 768, 576, &x, &y, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 600, 1e-9);
  pv_overlay_draw_people (c.cr, x, y, w, h, people, G_N_ELEMENTS (people), 0, NULL, NULL, &style);

  assert_columns_untouched (&c, 0, (int) floor (x));
  assert_columns_untouched (&c, (int) ceil (x + w), c.width);

  /* Person 2's box enters the picture: its left edge is drawn up to the bottom of the picture. */
  assert_person_colour (&c, (int) floor (x + 0.8 * w), (int) (y + h) - 1, 2);
  assert_person_colour (&c, (int) floor (x + 0.8 * w), (int) floor (y + 0.95 * h), 2);

  /* Letterbox too (bars above and below), with labels on and a box reaching out of the top. */
  canvas_clear (&c);
  canvas_init (&c, 400, 600);
  pv_overlay_fit (400, 600, 640, 360, &x, &y, &w, &h);
  pv_overlay_draw_people (c.cr, x, y, w, h, people, G_N_ELEMENTS (people), 0, NULL, NULL, &style);
  assert_rows_untouched (&c, 0, (int) floor (y));
  assert_rows_untouched (&c, (int) ceil (y + h), c.height);

  canvas_clear (&c);
}

static void
test_label (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvVisiblePerson p = person_with_box (7, 0.4, 0.5, 0.2, 0.3);
  gboolean drawn = FALSE;
  double left, top;

  canvas_init (&c, 640, 360);
  pv_overlay_style_init (&style);
  style.show_boxes = FALSE;
  p.flags |= PV_DETECTION_HAS_CONFIDENCE;
  p.confidence = 99.5f;
  pv_overlay_draw_people (c.cr, 0, 0, 640, 360, &p, 1, 0, NULL, NULL, &style);

  /* The label's background, in the person's colour, sits just above the box's top-left. */
  left = 0.4 * 640;
  top = 0.5 * 360;
  assert_person_colour (&c, (int) left + 1, (int) top - 3, 7);
  for (int px = (int) left; px < (int) left + 40; px++)
    {
      int r, g, b, a;
      double er, eg, eb;

      pv_palette_color (7, &er, &eg, &eb);
      canvas_pixel (&c, px, (int) top - 8, &r, &g, &b, &a);
      /* Text pixels differ from the background. */
      if (a > 0 && (ABS (r - (int) round (er * 255)) > 40 || ABS (g - (int) round (eg * 255)) > 40))
        drawn = TRUE;
    }
  g_assert_true (drawn);
  /* No box when boxes are off. */
  assert_untouched (&c, (int) floor (left), (int) (top + 0.15 * 360));

  canvas_clear (&c);
}

/* Two people side by side with level box tops: each label stays readable. Without placement
 * the second label would cover the first, whose spot would then be in the second's colour. */
static void
test_labels_do_not_cover_each_other (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvVisiblePerson people[] = {
    person_with_box (3, 0.40, 0.5, 0.05, 0.3),
    person_with_box (4, 0.45, 0.5, 0.05, 0.3),
  };

  canvas_init (&c, 640, 360);
  pv_overlay_style_init (&style);
  style.show_boxes = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      people[i].flags |= PV_DETECTION_HAS_CONFIDENCE;
      people[i].confidence = 99.5f;
    }
  pv_overlay_draw_people (c.cr, 0, 0, 640, 360, people, G_N_ELEMENTS (people), 0, NULL, NULL,
                          &style);

  /* The first label keeps its place above its box, right where the second box starts. */
  assert_person_colour (&c, (int) (0.45 * 640) + 1, (int) (0.5 * 360) - 3, 3);
  /* The second moved just inside the top of its own box. */
  assert_person_colour (&c, (int) (0.45 * 640) + 1, (int) (0.5 * 360) + 3, 4);

  canvas_clear (&c);
}

static void
test_face_and_landmarks (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvLandmark landmarks[] = {
    { g_intern_static_string ("eyeLeft"), 0.45, 0.3 },
    /* A type the API does not define today is still drawn. */
    { g_intern_static_string ("somethingNew"), 0.55, 0.35 },
  };
  PvFace face = { .box = { 0.4, 0.2, 0.2, 0.25 }, .confidence = 99, .n_landmarks = 2,
                  .landmarks = landmarks };
  PvVisiblePerson p = { 0 };

  canvas_init (&c, 640, 480);
  pv_overlay_style_init (&style);
  style.show_labels = FALSE;
  style.show_faces = FALSE;
  /* Face-only, as 4 detections in the real shellzu data are. */
  p.index = 5;
  p.face = &face;
  pv_overlay_draw_people (c.cr, 0, 0, 640, 480, &p, 1, 0, NULL, NULL, &style);

  assert_person_colour (&c, (int) (0.45 * 640), (int) (0.3 * 480), 5);
  assert_person_colour (&c, (int) (0.55 * 640), (int) (0.35 * 480), 5);
  /* Face box off: its left edge half way down is clear. */
  assert_untouched (&c, (int) floor (0.4 * 640), (int) ((0.2 + 0.125) * 480));

  canvas_clear (&c);
  canvas_init (&c, 640, 480);
  style.show_faces = TRUE;
  style.show_landmarks = FALSE;
  pv_overlay_draw_people (c.cr, 0, 0, 640, 480, &p, 1, 0, NULL, NULL, &style);
  assert_untouched (&c, (int) (0.45 * 640), (int) (0.3 * 480));
  {
    int r, g, b, a;

    canvas_pixel (&c, (int) floor (0.4 * 640), (int) ((0.2 + 0.125) * 480), &r, &g, &b, &a);
    g_assert_cmpint (a, ==, 255);
  }

  canvas_clear (&c);
}

typedef struct
{
  const PvDetection *track;
  guint              n;
} Track;

static const PvDetection *
get_track (gint64    index,
           guint    *n,
           gpointer  user_data)
{
  Track *t = user_data;

  *n = t->n;
  return t->track;
}

static void
test_trails (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvDetection track[5];
  Track t = { track, G_N_ELEMENTS (track) };
  PvVisiblePerson p;
  /* Moves right by 0.1 a sample, every 500 ms; the box centre is at left + 0.05. */
  for (guint i = 0; i < G_N_ELEMENTS (track); i++)
    track[i] = (PvDetection) { .timestamp_ms = i * 500, .index = 4,
                               .box = { 0.1 + 0.1 * i, 0.4, 0.1, 0.2 },
                               .flags = PV_DETECTION_HAS_BOX };

  pv_overlay_style_init (&style);
  style.show_boxes = FALSE;
  style.show_labels = FALSE;

  /* At 2000 ms with a 1.2 s trail: segments from 1000 ms on are drawn; 0..500 ms are not. */
  p = person_with_box (4, 0.5, 0.4, 0.1, 0.2);
  p.timestamp_ms = 2000;
  canvas_init (&c, 1000, 500);
  style.trail_seconds = 1.2;
  pv_overlay_draw_people (c.cr, 0, 0, 1000, 500, &p, 1, 2000, get_track, &t, &style);
  {
    int r, g, b, a;
    int cy = (int) (0.5 * 500);

    /* The newest segment (centre 450 -> 550) is nearly opaque. */
    canvas_pixel (&c, 500, cy, &r, &g, &b, &a);
    g_assert_cmpint (a, >, 200);
    /* The one from 1000 ms to 1500 ms (centre 350 -> 450) is fainter: older. */
    {
      int r2, g2, b2, a2;

      canvas_pixel (&c, 400, cy, &r2, &g2, &b2, &a2);
      g_assert_cmpint (a2, >, 0);
      g_assert_cmpint (a2, <, a);
    }
    /* 500 ms -> 1000 ms (centre 250 -> 350) starts before the trail: not drawn. */
    assert_untouched (&c, 300, cy);
    /* Nothing from the future, whatever the track holds. */
    assert_untouched (&c, 600, cy);
  }
  canvas_clear (&c);

  /* No trails when the length is 0. */
  canvas_init (&c, 1000, 500);
  style.trail_seconds = 0;
  pv_overlay_draw_people (c.cr, 0, 0, 1000, 500, &p, 1, 2000, get_track, &t, &style);
  assert_rows_untouched (&c, 0, 500);
  canvas_clear (&c);
}

static void
test_selected_is_thicker (void)
{
  Canvas c;
  PvOverlayStyle style;
  PvVisiblePerson p = person_with_box (2, 0.25, 0.25, 0.5, 0.5);
  double lw = pv_overlay_line_width (400, 400);
  int edge = (int) (0.25 * 400);
  /* The pixel just outside the normal stroke, inside the doubled one. */
  int outside = (int) floor (edge - lw * 0.5) - 1;

  canvas_init (&c, 400, 400);
  pv_overlay_style_init (&style);
  style.show_labels = FALSE;
  pv_overlay_draw_people (c.cr, 0, 0, 400, 400, &p, 1, 0, NULL, NULL, &style);
  assert_untouched (&c, outside, 200);
  canvas_clear (&c);

  canvas_init (&c, 400, 400);
  style.selected_index = 2;
  pv_overlay_draw_people (c.cr, 0, 0, 400, 400, &p, 1, 0, NULL, NULL, &style);
  assert_person_colour (&c, outside, 200, 2);
  canvas_clear (&c);
}

static void
test_hit_test (void)
{
  PvVisiblePerson people[] = {
    person_with_box (1, 0.1, 0.1, 0.8, 0.8),
    person_with_box (9, 0.4, 0.4, 0.2, 0.2),
  };

  /* Picture at (100, 50) 400x200. */
  g_assert_cmpint (pv_overlay_hit_test (people, 2, 100, 50, 400, 200, 100 + 0.5 * 400, 50 + 0.5 * 200), ==, 9);
  g_assert_cmpint (pv_overlay_hit_test (people, 2, 100, 50, 400, 200, 100 + 0.2 * 400, 50 + 0.2 * 200), ==, 1);
  g_assert_cmpint (pv_overlay_hit_test (people, 2, 100, 50, 400, 200, 100 + 0.05 * 400, 50 + 0.5 * 200), ==, -1);
  g_assert_cmpint (pv_overlay_hit_test (people, 2, 100, 50, 400, 200, 50, 100), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overlay/fit/letterbox", test_fit_letterbox);
  g_test_add_func ("/overlay/draw/box-edges", test_box_edges);
  g_test_add_func ("/overlay/draw/clipped-to-picture", test_clipped_to_picture);
  g_test_add_func ("/overlay/draw/label", test_label);
  g_test_add_func ("/overlay/draw/labels-do-not-cover-each-other",
                   test_labels_do_not_cover_each_other);
  g_test_add_func ("/overlay/draw/face-and-landmarks", test_face_and_landmarks);
  g_test_add_func ("/overlay/draw/trails", test_trails);
  g_test_add_func ("/overlay/draw/selected", test_selected_is_thicker);
  g_test_add_func ("/overlay/hit-test", test_hit_test);

  return g_test_run ();
}
