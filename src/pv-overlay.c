/* pv-overlay.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-overlay"

#include "config.h"

#include <math.h>

#include "pv-overlay.h"
#include "pv-palette.h"
#include "pv-timeline.h"

/* A person who vanishes for longer than this and comes back is not joined by a trail line:
 * the straight segment would claim a path nobody walked. */
#define TRAIL_MAX_GAP_MS 1000.0

void
pv_overlay_style_init (PvOverlayStyle *style)
{
  g_return_if_fail (style != NULL);

  style->show_boxes = TRUE;
  style->show_labels = TRUE;
  style->show_faces = TRUE;
  style->show_landmarks = TRUE;
  style->trail_seconds = 0.0;
  style->selected_index = -1;
}

/* The one place where the picture's displayed size becomes pixels on a surface: the largest
 * rectangle of the picture's aspect that fits the area, centred. The picture size passed in
 * is the displayed one (after rotation and pixel aspect), so nothing else needs to know. */
void
pv_overlay_fit (double  area_width,
                double  area_height,
                double  picture_width,
                double  picture_height,
                double *x,
                double *y,
                double *width,
                double *height)
{
  double w, h;

  g_return_if_fail (x != NULL && y != NULL && width != NULL && height != NULL);

  if (area_width <= 0 || area_height <= 0 || picture_width <= 0 || picture_height <= 0)
    {
      *x = *y = *width = *height = 0;
      return;
    }

  if (area_width * picture_height <= area_height * picture_width)
    {
      w = area_width;
      h = area_width * picture_height / picture_width;
    }
  else
    {
      h = area_height;
      w = area_height * picture_width / picture_height;
    }

  *x = (area_width - w) / 2.0;
  *y = (area_height - h) / 2.0;
  *width = w;
  *height = h;
}

/* Lines scale with the picture so that an export at 1080p looks like the window at 360p, but
 * never thinner than 2 px: a 1 px anti-aliased line over video is hard to see. */
double
pv_overlay_line_width (double width,
                       double height)
{
  return MAX (2.0, MIN (width, height) / 270.0);
}

static double
luminance (double r,
           double g,
           double b)
{
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/* Trails fade in a few steps rather than per segment: one stroke per step keeps 100 people with
 * long trails within a frame budget, and four steps read as a smooth fade at trail widths. */
#define TRAIL_FADE_STEPS 4

static void
draw_trail (cairo_t               *cr,
            double                 x,
            double                 y,
            double                 width,
            double                 height,
            const PvVisiblePerson *person,
            const PvDetection     *track,
            guint                  n_track,
            double                 now_ms,
            double                 trail_ms,
            double                 line_width,
            double                 r,
            double                 g,
            double                 b)
{
  guint lo = 0, hi = n_track;
  double from_ms = now_ms - trail_ms;
  double prev_x = 0, prev_y = 0, prev_t = 0;
  gboolean have_prev = FALSE;
  int path_step = -1;   /* fade step of the path being built, -1 = none */

  /* First sample at or after the start of the trail. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((double) track[mid].timestamp_ms < from_ms)
        lo = mid + 1;
      else
        hi = mid;
    }

  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_new_path (cr);

  for (guint i = lo; i <= n_track; i++)
    {
      gboolean last = FALSE;
      double px, py, t;

      if (i < n_track && (double) track[i].timestamp_ms > now_ms)
        i = n_track;          /* nothing from the future: end at the current position */

      if (i < n_track)
        {
          const PvDetection *d = &track[i];

          if (!(d->flags & PV_DETECTION_HAS_BOX))
            continue;
          px = x + (d->box.left + d->box.width / 2.0) * width;
          py = y + (d->box.top + d->box.height / 2.0) * height;
          t = (double) d->timestamp_ms;
        }
      else
        {
          /* End the trail where the box is drawn now, interpolated or not. */
          if (!(person->flags & PV_DETECTION_HAS_BOX))
            break;
          px = x + (person->box.left + person->box.width / 2.0) * width;
          py = y + (person->box.top + person->box.height / 2.0) * height;
          t = MIN (now_ms, MAX ((double) person->timestamp_ms, prev_t));
          last = TRUE;
        }

      if (have_prev && t - prev_t > TRAIL_MAX_GAP_MS && path_step >= 0)
        {
          cairo_stroke (cr);
          path_step = -1;
        }
      else if (have_prev)
        {
          double alpha = CLAMP (1.0 - (now_ms - t) / trail_ms, 0.0, 1.0);
          int step = MIN (TRAIL_FADE_STEPS - 1, (int) (alpha * TRAIL_FADE_STEPS));
          double dx = px - prev_x, dy = py - prev_y;

          /* Points closer than a line width add nothing visible but cost as much to stroke. */
          if (!last && dx * dx + dy * dy < line_width * line_width && path_step == step)
            continue;

          if (step != path_step)
            {
              if (path_step >= 0)
                cairo_stroke (cr);
              cairo_set_source_rgba (cr, r, g, b,
                                     0.15 + 0.7 * (step + 1) / (double) TRAIL_FADE_STEPS);
              cairo_move_to (cr, prev_x, prev_y);
              path_step = step;
            }
          cairo_line_to (cr, px, py);
        }

      prev_x = px;
      prev_y = py;
      prev_t = t;
      have_prev = TRUE;
    }

  if (path_step >= 0)
    cairo_stroke (cr);
  cairo_new_path (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_DEFAULT);
}

/* The outline of a rectangle as a filled ring, centred on its edges like a stroke, with its
 * edges on whole pixels: Cairo fills pixel-aligned rectangles as plain spans, many times faster
 * than anti-aliasing a stroke, and the lines come out crisp. The error is under half a pixel. */
static void
frame_rect (cairo_t *cr,
            double   x,
            double   y,
            double   width,
            double   height,
            double   line_width)
{
  double lw = round (line_width);
  double x0 = round (x - line_width / 2), y0 = round (y - line_width / 2);
  double x1 = round (x + width + line_width / 2), y1 = round (y + height + line_width / 2);

  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  if (x1 - x0 > 2 * lw && y1 - y0 > 2 * lw)
    cairo_rectangle (cr, x1 - lw, y0 + lw, -(x1 - x0 - 2 * lw), y1 - y0 - 2 * lw);
}

static gboolean
rects_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* People walking side by side have boxes whose tops touch: each label takes the first free spot
 * of above the box, stacked further up, or just inside its top, so that no label hides
 * another one's Index. PLACED holds the labels drawn so far in this frame. */
static void
draw_label (cairo_t               *cr,
            const PvVisiblePerson *person,
            double                 anchor_x,
            double                 anchor_y,
            double                 pic_y,
            double                 font_size,
            GArray                *placed,
            double                 r,
            double                 g,
            double                 b)
{
  char text[64];
  cairo_text_extents_t ext;
  double pad = font_size * 0.25;
  double box_w, box_h, lx, ly;

  if (person->flags & PV_DETECTION_HAS_CONFIDENCE)
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT " · %.1f%%",
                person->index, (double) person->confidence);
  else
    g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, person->index);

  cairo_set_font_size (cr, font_size);
  cairo_text_extents (cr, text, &ext);
  box_w = ext.x_advance + 2 * pad;
  box_h = font_size * 1.2 + pad;

  lx = round (anchor_x);
  box_w = round (box_w);
  box_h = round (box_h);
  {
    /* Candidates in order of preference; the first is used when every one is taken. */
    double candidates[] = { anchor_y - box_h, anchor_y, anchor_y - 2 * box_h, anchor_y + box_h,
                            anchor_y - 3 * box_h };
    gboolean found = FALSE;

    ly = round (anchor_y - box_h < pic_y ? anchor_y : anchor_y - box_h);
    for (guint c = 0; c < G_N_ELEMENTS (candidates) && !found; c++)
      {
        cairo_rectangle_t rect = { lx, round (candidates[c]), box_w, box_h };

        if (rect.y < pic_y)
          continue;
        found = TRUE;
        for (guint i = 0; i < placed->len && found; i++)
          if (rects_overlap (&rect, &g_array_index (placed, cairo_rectangle_t, i)))
            found = FALSE;
        if (found)
          ly = rect.y;
      }
    g_array_append_vals (placed, &(cairo_rectangle_t) { lx, ly, box_w, box_h }, 1);
  }

  cairo_rectangle (cr, lx, ly, box_w, box_h);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);

  if (luminance (r, g, b) > 0.5)
    cairo_set_source_rgb (cr, 0, 0, 0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, lx + pad, ly + pad / 2 + font_size);
  cairo_show_text (cr, text);
}

static void
draw_face (cairo_t              *cr,
           const PvFace         *face,
           double                x,
           double                y,
           double                width,
           double                height,
           double                line_width,
           const PvOverlayStyle *style,
           double                r,
           double                g,
           double                b)
{
  if (style->show_faces)
    {
      /* Thinner than the person box, so the two never read as two people. */
      frame_rect (cr, x + face->box.left * width, y + face->box.top * height,
                  face->box.width * width, face->box.height * height, MAX (2.0, line_width * 0.6));
      cairo_set_source_rgb (cr, r, g, b);
      cairo_fill (cr);
    }

  if (style->show_landmarks)
    {
      double half = MAX (3.0, line_width * 1.2);

      /* Every landmark the data carries, whatever its type: the API defines 30 and may add more,
       * and a dot at the right place is useful even when we cannot name it. Square dots with a
       * white rim: rectangles are Cairo's fast path, arcs cost ten times as much. */
      for (guint pass = 0; pass < 2; pass++)
        {
          double h = pass == 0 ? half + 1 : half;

          for (guint i = 0; i < face->n_landmarks; i++)
            {
              const PvLandmark *l = &face->landmarks[i];

              if (!isfinite (l->x) || !isfinite (l->y))
                continue;
              cairo_rectangle (cr, round (x + l->x * width - h), round (y + l->y * height - h),
                               round (2 * h), round (2 * h));
            }
          if (pass == 0)
            cairo_set_source_rgb (cr, 1, 1, 1);
          else
            cairo_set_source_rgb (cr, r, g, b);
          cairo_fill (cr);
        }
    }
}

void
pv_overlay_draw_people (cairo_t               *cr,
                        double                 x,
                        double                 y,
                        double                 width,
                        double                 height,
                        const PvVisiblePerson *people,
                        guint                  n_people,
                        double                 now_ms,
                        PvOverlayTrackFunc     get_track,
                        gpointer               track_data,
                        const PvOverlayStyle  *style)
{
  double line_width, font_size;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (people != NULL || n_people == 0);
  g_return_if_fail (style != NULL);

  if (width <= 0 || height <= 0 || n_people == 0)
    return;

  line_width = pv_overlay_line_width (width, height);
  font_size = MAX (9.0, MIN (width, height) / 36.0);

  cairo_save (cr);

  /* Real boxes poke past the picture (1.0000000298 and worse): never into the letterbox. */
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);

  /* Trails first, so that every box sits on top of every path. */
  if (style->trail_seconds > 0 && get_track != NULL)
    {
      for (guint i = 0; i < n_people; i++)
        {
          const PvDetection *track;
          guint n_track = 0;
          double r, g, b;

          track = get_track (people[i].index, &n_track, track_data);
          if (track == NULL || n_track == 0)
            continue;
          pv_palette_color (people[i].index, &r, &g, &b);
          draw_trail (cr, x, y, width, height, &people[i], track, n_track,
                      now_ms, style->trail_seconds * 1000.0, MAX (2.0, line_width * 0.75), r, g, b);
        }
    }

  for (guint i = 0; i < n_people; i++)
    {
      const PvVisiblePerson *p = &people[i];
      gboolean selected = style->selected_index >= 0 && p->index == style->selected_index;
      double r, g, b;
      double lw = selected ? line_width * 2 : line_width;

      pv_palette_color (p->index, &r, &g, &b);

      if ((p->flags & PV_DETECTION_HAS_BOX) && style->show_boxes)
        {
          frame_rect (cr, x + p->box.left * width, y + p->box.top * height,
                      p->box.width * width, p->box.height * height, lw);
          cairo_set_source_rgb (cr, r, g, b);
          cairo_fill (cr);
        }

      if (p->face != NULL)
        draw_face (cr, p->face, x, y, width, height, line_width, style, r, g, b);
    }

  /* Labels last, so that no box is drawn over another person's label. */
  if (style->show_labels)
    {
      g_autoptr(GArray) placed = g_array_sized_new (FALSE, FALSE, sizeof (cairo_rectangle_t),
                                                    n_people);

      for (guint i = 0; i < n_people; i++)
        {
          const PvVisiblePerson *p = &people[i];
          gboolean selected = style->selected_index >= 0 && p->index == style->selected_index;
          double lw = selected ? line_width * 2 : line_width;
          const PvBox *anchor;
          double r, g, b;

          /* Face-only detections are real (4 in the shellzu data): label them at the face. */
          if (p->flags & PV_DETECTION_HAS_BOX)
            anchor = &p->box;
          else if (p->face != NULL)
            anchor = &p->face->box;
          else
            continue;
          pv_palette_color (p->index, &r, &g, &b);
          draw_label (cr, p, x + anchor->left * width - lw / 2, y + anchor->top * height - lw / 2,
                      y, font_size, placed, r, g, b);
        }
    }

  cairo_restore (cr);
}

static const PvDetection *
timeline_track (gint64    index,
                guint    *n_detections,
                gpointer  user_data)
{
  return pv_timeline_get_track (PV_TIMELINE (user_data), index, n_detections);
}

void
pv_overlay_draw (cairo_t              *cr,
                 double                x,
                 double                y,
                 double                width,
                 double                height,
                 PvTimeline           *timeline,
                 gint64                media_time_us,
                 const PvOverlayStyle *style)
{
  g_autoptr(GArray) visible = NULL;
  gint64 offset_us = 0;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (PV_IS_TIMELINE (timeline));
  g_return_if_fail (style != NULL);

  visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  pv_timeline_visible_at (timeline, media_time_us, visible);
  offset_us = pv_timeline_get_time_offset (timeline);

  pv_overlay_draw_people (cr, x, y, width, height,
                          (const PvVisiblePerson *) (gpointer) visible->data, visible->len,
                          (double) (media_time_us - offset_us) / 1000.0,
                          timeline_track, timeline, style);
}

/* The person whose box is under the point. When boxes overlap the smallest wins: a box nested
 * inside another could not be picked at all otherwise. */
gint64
pv_overlay_hit_test (const PvVisiblePerson *people,
                     guint                  n_people,
                     double                 x,
                     double                 y,
                     double                 width,
                     double                 height,
                     double                 px,
                     double                 py)
{
  gint64 best = -1;
  double best_area = G_MAXDOUBLE;

  g_return_val_if_fail (people != NULL || n_people == 0, -1);

  if (width <= 0 || height <= 0)
    return -1;

  px = (px - x) / width;
  py = (py - y) / height;

  for (guint i = 0; i < n_people; i++)
    {
      const PvBox *box;
      double area;

      if (people[i].flags & PV_DETECTION_HAS_BOX)
        box = &people[i].box;
      else if (people[i].face != NULL)
        box = &people[i].face->box;
      else
        continue;

      if (px < box->left || px > box->left + box->width ||
          py < box->top || py > box->top + box->height)
        continue;

      area = box->width * box->height;
      if (area < best_area)
        {
          best_area = area;
          best = people[i].index;
        }
    }

  return best;
}
