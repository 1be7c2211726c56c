/* test-timeline.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pv-person.h"
#include "pv-timeline.h"

/* Crafted data: expected answers are worked out by hand from the samples below, or by a plain
 * linear scan written here (never by the timeline's own search). */

static PvResult *
result_from_string (const char *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  PvResult *result = pv_result_new_from_bytes (bytes, "crafted.json", NULL, &error);

  g_assert_no_error (error);
  return result;
}

static char *
element (gint64 ts,
         gint64 index,
         double left,
         double confidence)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "{\"Timestamp\":%" G_GINT64_FORMAT ",\"Person\":{\"Index\":%"
                          G_GINT64_FORMAT ",\"BoundingBox\":{\"Left\":%s,\"Top\":0.5,"
                          "\"Width\":0.1,\"Height\":0.2}", ts, index,
                          g_ascii_dtostr (buf, sizeof buf, left));
  if (!isnan (confidence))
    g_string_append_printf (s, ",\"Confidence\":%s",
                            g_ascii_dtostr (buf, sizeof buf, confidence));
  g_string_append (s, "}}");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Person 0: 0, 100, 200 ms, Left = Timestamp / 1000. Person 1: 0 and 1000 ms (a long absence).
 * Person 2: 100 ms with confidence 40. Gaps 100, 100, 1000: median 100, so tolerance 50 and
 * max gap 200. */
static const gint64 sample_ts[] = { 0, 100, 200, 0, 1000, 100 };
static const gint64 sample_index[] = { 0, 0, 0, 1, 1, 2 };
static const double sample_conf[] = { NAN, NAN, NAN, NAN, NAN, 40 };

static PvTimeline *
crafted_timeline (const guint *order)
{
  g_autoptr(GString) s = g_string_new ("{\"JobStatus\":\"SUCCEEDED\",\"Persons\":[");
  g_autoptr(PvResult) result = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (sample_ts); k++)
    {
      guint i = order != NULL ? order[k] : k;
      g_autofree char *e = element (sample_ts[i], sample_index[i], sample_ts[i] / 1000.0,
                                    sample_conf[i]);

      g_string_append_printf (s, "%s%s", k > 0 ? "," : "", e);
    }
  g_string_append (s, "]}");
  result = result_from_string (s->str);
  return pv_timeline_new (result);
}

static void
count_signal (guint *counter)
{
  (*counter)++;
}

/* The one visible entry for @index, or NULL. */
static const PvVisiblePerson *
find (GArray *visible,
      gint64  index)
{
  const PvVisiblePerson *found = NULL;

  for (guint i = 0; i < visible->len; i++)
    if (g_array_index (visible, PvVisiblePerson, i).index == index)
      {
        /* At most one entry per person. */
        g_assert_null (found);
        found = &g_array_index (visible, PvVisiblePerson, i);
      }
  /* Ordered by Index. */
  for (guint i = 1; i < visible->len; i++)
    g_assert_cmpint (g_array_index (visible, PvVisiblePerson, i - 1).index, <,
                     g_array_index (visible, PvVisiblePerson, i).index);
  return found;
}

static gint64
sample_at (PvTimeline *timeline,
           gint64      t_us,
           gint64      index)
{
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  const PvVisiblePerson *v;

  pv_timeline_visible_at (timeline, t_us, visible);
  v = find (visible, index);
  return v != NULL ? v->timestamp_ms : -1;
}

static void
test_defaults (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);

  g_assert_cmpint (pv_timeline_get_sampling_interval_ms (timeline), ==, 100);
  g_assert_cmpint (pv_timeline_get_tolerance_ms (timeline), ==, 50);
  g_assert_cmpint (pv_timeline_get_max_gap_ms (timeline), ==, 200);
}

static void
test_nearest (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);

  g_assert_cmpint (sample_at (timeline, 0, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, 30000, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, 49999, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, 50001, 0), ==, 100);
  g_assert_cmpint (sample_at (timeline, 149999, 0), ==, 100);
  g_assert_cmpint (sample_at (timeline, 150001, 0), ==, 200);
}

/* Exactly half-way between two samples, the earlier one wins. */
static void
test_half_way (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);

  g_assert_cmpint (sample_at (timeline, 50000, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, 150000, 0), ==, 100);
}

/* |sample - t| <= tolerance is shown; one µs more is not. */
static void
test_tolerance_edge (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);

  g_assert_cmpint (sample_at (timeline, 250000, 0), ==, 200);
  g_assert_cmpint (sample_at (timeline, 250001, 0), ==, -1);
  g_assert_cmpint (sample_at (timeline, -50000, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, -50001, 0), ==, -1);
  /* Person 1 is absent between 50 and 950 ms. */
  g_assert_cmpint (sample_at (timeline, 50000, 1), ==, 0);
  g_assert_cmpint (sample_at (timeline, 50001, 1), ==, -1);
  g_assert_cmpint (sample_at (timeline, 949999, 1), ==, -1);
  g_assert_cmpint (sample_at (timeline, 950000, 1), ==, 1000);

  pv_timeline_set_tolerance_ms (timeline, 10);
  g_assert_cmpint (sample_at (timeline, 110000, 0), ==, 100);
  g_assert_cmpint (sample_at (timeline, 110001, 0), ==, -1);
}

/* media time = offset + Timestamp × 1000: the shellzu clip starts at PTS 80 ms. */
static void
test_time_offset (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);
  guint n_changed = 0;

  g_signal_connect_swapped (timeline, "changed", G_CALLBACK (count_signal), &n_changed);
  pv_timeline_set_time_offset (timeline, 80000);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpint (sample_at (timeline, 180000, 0), ==, 100);
  g_assert_cmpint (sample_at (timeline, 130000, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, 130001, 0), ==, 100);
  g_assert_cmpint (sample_at (timeline, 29999, 0), ==, -1);
}

static void
test_interpolation (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  const PvVisiblePerson *v;
  guint n_changed = 0;

  g_signal_connect_swapped (timeline, "changed", G_CALLBACK (count_signal), &n_changed);
  pv_timeline_set_interpolate (timeline, TRUE);
  pv_timeline_set_interpolate (timeline, TRUE);
  g_assert_cmpuint (n_changed, ==, 1);

  /* 25 ms between Left 0 (0 ms) and Left 0.1 (100 ms). */
  pv_timeline_visible_at (timeline, 25000, visible);
  v = find (visible, 0);
  g_assert_nonnull (v);
  g_assert_true (v->interpolated);
  g_assert_cmpfloat_with_epsilon (v->box.left, 0.025, 1e-12);
  g_assert_cmpint (v->timestamp_ms, ==, 0);

  pv_timeline_visible_at (timeline, 175000, visible);
  v = find (visible, 0);
  g_assert_cmpfloat_with_epsilon (v->box.left, 0.175, 1e-12);
  g_assert_cmpint (v->timestamp_ms, ==, 200);

  /* On a sample: the sample itself. */
  pv_timeline_visible_at (timeline, 100000, visible);
  v = find (visible, 0);
  g_assert_false (v->interpolated);
  g_assert_cmpfloat (v->box.left, ==, 0.1);

  /* Not across person 1's absence (1000 ms > max gap 200): nothing in the middle, the nearest
   * sample near the ends. */
  pv_timeline_visible_at (timeline, 500000, visible);
  g_assert_null (find (visible, 1));
  pv_timeline_visible_at (timeline, 40000, visible);
  v = find (visible, 1);
  g_assert_nonnull (v);
  g_assert_false (v->interpolated);
  g_assert_cmpfloat (v->box.left, ==, 0.0);

  /* With a larger bound it is bridged: 500 ms is half-way from Left 0 to Left 1. */
  pv_timeline_set_max_gap_ms (timeline, 1000);
  pv_timeline_visible_at (timeline, 500000, visible);
  v = find (visible, 1);
  g_assert_nonnull (v);
  g_assert_cmpfloat_with_epsilon (v->box.left, 0.5, 1e-12);
}

static void
test_filter (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  PvIndexFilter *filter = pv_timeline_get_filter (timeline);
  g_autoptr(PvPerson) person0 = g_list_model_get_item (pv_timeline_get_people (timeline), 0);
  guint n_changed = 0;

  g_signal_connect_swapped (timeline, "changed", G_CALLBACK (count_signal), &n_changed);

  pv_timeline_visible_at (timeline, 0, visible);
  g_assert_cmpuint (visible->len, ==, 2);
  g_assert_cmpint (g_array_index (visible, PvVisiblePerson, 0).index, ==, 0);
  g_assert_cmpint (g_array_index (visible, PvVisiblePerson, 1).index, ==, 1);

  g_assert_true (pv_index_filter_set_from_text (filter, "0", NULL));
  g_assert_cmpuint (n_changed, ==, 1);
  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_HIDE);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_false (pv_person_get_visible (person0));
  pv_timeline_visible_at (timeline, 0, visible);
  g_assert_cmpuint (visible->len, ==, 1);
  g_assert_cmpint (g_array_index (visible, PvVisiblePerson, 0).index, ==, 1);

  pv_index_filter_set_mode (filter, PV_INDEX_FILTER_ONLY);
  g_assert_true (pv_person_get_visible (person0));
  pv_timeline_visible_at (timeline, 0, visible);
  g_assert_cmpuint (visible->len, ==, 1);
  g_assert_cmpint (g_array_index (visible, PvVisiblePerson, 0).index, ==, 0);
}

static void
test_threshold (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);

  g_assert_cmpint (sample_at (timeline, 100000, 2), ==, 100);
  pv_timeline_set_confidence_threshold (timeline, 40);
  g_assert_cmpint (sample_at (timeline, 100000, 2), ==, 100);
  pv_timeline_set_confidence_threshold (timeline, 40.5);
  g_assert_cmpint (sample_at (timeline, 100000, 2), ==, -1);
  /* Samples without a confidence (Rekognition's) always pass. */
  g_assert_cmpint (sample_at (timeline, 100000, 0), ==, 100);
}

/* SortBy=INDEX delivers each person's samples by confidence, not time: same timeline. */
static void
test_any_order (void)
{
  static const guint order[] = { 5, 2, 4, 0, 3, 1 };
  g_autoptr(PvTimeline) a = crafted_timeline (NULL);
  g_autoptr(PvTimeline) b = crafted_timeline (order);
  const PvDetection *track;
  const PvDetection *all;
  guint n, n_all;

  track = pv_timeline_get_track (b, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (track[0].timestamp_ms, ==, 0);
  g_assert_cmpint (track[1].timestamp_ms, ==, 100);
  g_assert_cmpint (track[2].timestamp_ms, ==, 200);
  g_assert_null (pv_timeline_get_track (b, 7, &n));
  g_assert_cmpuint (n, ==, 0);

  all = pv_timeline_get_detections (b, &n_all);
  g_assert_cmpuint (n_all, ==, G_N_ELEMENTS (sample_ts));
  for (guint i = 1; i < n_all; i++)
    g_assert_true (all[i - 1].timestamp_ms < all[i].timestamp_ms
                   || (all[i - 1].timestamp_ms == all[i].timestamp_ms
                       && all[i - 1].index < all[i].index));

  for (gint64 t = -60000; t < 1100000; t += 7000)
    for (gint64 index = 0; index < 3; index++)
      g_assert_cmpint (sample_at (a, t, index), ==, sample_at (b, t, index));
}

static void
test_people (void)
{
  g_autoptr(PvTimeline) timeline = crafted_timeline (NULL);
  GListModel *people = pv_timeline_get_people (timeline);

  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 3);
  g_assert_null (pv_timeline_get_person (timeline, 3));
  g_assert_null (pv_timeline_get_person (timeline, -1));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PvPerson) person = g_list_model_get_item (people, i);
      gint64 first = G_MAXINT64, last = G_MININT64;
      guint count = 0;

      g_assert_cmpint (pv_person_get_index (person), ==, i);
      g_assert_true (pv_timeline_get_person (timeline, i) == person);
      for (guint k = 0; k < G_N_ELEMENTS (sample_ts); k++)
        if (sample_index[k] == i)
          {
            first = MIN (first, sample_ts[k]);
            last = MAX (last, sample_ts[k]);
            count++;
          }
      g_assert_cmpint (pv_person_get_first_seen_ms (person), ==, first);
      g_assert_cmpint (pv_person_get_last_seen_ms (person), ==, last);
      g_assert_cmpuint (pv_person_get_n_detections (person), ==, count);
      g_assert_false (pv_person_get_has_face (person));
      g_assert_true (pv_person_get_visible (person));
    }
}

/* The oracle: for each person, scan every sample. */
static gboolean
oracle (const gint64 *ts,
        const double *left,
        guint         n,
        gint64        t_us,
        gint64        tolerance_us,
        gint64        max_gap_us,
        gboolean      interpolate,
        double       *out_left)
{
  gint64 best = -1;

  for (guint i = 0; i < n; i++)
    {
      gint64 di = ABS (ts[i] * 1000 - t_us);

      if (best < 0 || di < ABS (ts[best] * 1000 - t_us)
          || (di == ABS (ts[best] * 1000 - t_us) && ts[i] < ts[best]))
        best = i;
    }
  if (best < 0)
    return FALSE;
  if (interpolate)
    for (guint i = 0; i + 1 < n; i++)
      if (ts[i] * 1000 < t_us && t_us < ts[i + 1] * 1000
          && (ts[i + 1] - ts[i]) * 1000 <= max_gap_us)
        {
          double f = (double) (t_us - ts[i] * 1000) / (double) ((ts[i + 1] - ts[i]) * 1000);
          *out_left = left[i] + f * (left[i + 1] - left[i]);
          return TRUE;
        }
  if (ABS (ts[best] * 1000 - t_us) <= tolerance_us)
    {
      *out_left = left[best];
      return TRUE;
    }
  return FALSE;
}

/* Random tracks with irregular gaps and absences, against the oracle, at random times. */
static void
test_random_against_scan (void)
{
  const guint n_people = 20;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GString) json = g_string_new ("[");
  g_autofree gint64 *ts = g_new (gint64, n_people * 60);
  g_autofree double *left = g_new (double, n_people * 60);
  guint counts[20];
  g_autoptr(PvResult) result = NULL;
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));

  for (guint p = 0; p < n_people; p++)
    {
      gint64 t = g_rand_int_range (rand, 0, 3000);

      counts[p] = g_rand_int_range (rand, 1, 60);
      for (guint k = 0; k < counts[p]; k++)
        {
          g_autofree char *e = NULL;

          ts[p * 60 + k] = t;
          left[p * 60 + k] = g_rand_double (rand);
          e = element (t, p * 3, left[p * 60 + k], NAN);
          g_string_append_printf (json, "%s%s", json->len > 1 ? "," : "", e);
          t += g_rand_boolean (rand) ? 40 : g_rand_int_range (rand, 1, 400);
        }
    }
  g_string_append (json, "]");
  result = result_from_string (json->str);
  timeline = pv_timeline_new (result);

  /* Rounds: nearest only, interpolated, and with a tolerance so wide that the search window
   * holds more samples than visible_at keeps on its stack. */
  for (guint round = 0; round < 3; round++)
    {
      gboolean interpolate = round == 1;

      pv_timeline_set_interpolate (timeline, interpolate);
      if (round == 2)
        pv_timeline_set_tolerance_ms (timeline, 100000);
      for (guint k = 0; k < 3000; k++)
        {
          gint64 t_us = g_rand_int_range (rand, -100000, 30000000);

          /* Exact samples and half-way points too, where the rules bite. */
          if (k % 3 == 0)
            t_us = (t_us / 20000) * 20000;
          pv_timeline_visible_at (timeline, t_us, visible);
          for (guint p = 0; p < n_people; p++)
            {
              double expected_left = 0;
              gboolean expected = oracle (ts + p * 60, left + p * 60, counts[p], t_us,
                                          pv_timeline_get_tolerance_ms (timeline) * 1000,
                                          pv_timeline_get_max_gap_ms (timeline) * 1000,
                                          interpolate, &expected_left);
              const PvVisiblePerson *v = find (visible, p * 3);

              if (!expected)
                g_assert_null (v);
              else
                {
                  g_assert_nonnull (v);
                  g_assert_cmpfloat_with_epsilon (v->box.left, expected_left, 1e-12);
                }
            }
        }
    }
}


/* The real job with the video it came from: 25 fps, first frame at PTS 80 ms. Frame i shows
 * Timestamp 40·i, so at PTS 80 + 40·i ms the timeline must give exactly that sample. */
static void
test_shellzu (void)
{
  const char *dir = g_getenv ("PATHVIEW_SHARED_DATA");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PvResult) result = NULL;
  g_autoptr(PvTimeline) timeline = NULL;
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *persons;
  GListModel *people;
  guint n_checked = 0;

  if (dir != NULL)
    path = g_build_filename (dir, "rekognition", "shellzu_IMG_3656_lambda.json", NULL);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("shared data rekognition/shellzu_IMG_3656_lambda.json is absent");
      return;
    }
  file = g_file_new_for_path (path);
  result = pv_result_load_file (file, NULL, NULL, &error);
  g_assert_no_error (error);
  timeline = pv_timeline_new (result);
  pv_timeline_set_time_offset (timeline, 80000);

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  persons = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "Persons");

  /* Every element is what the frame at its Timestamp shows for its person. */
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *e = json_array_get_object_element (persons, i);
      JsonObject *p = json_object_get_object_member (e, "Person");
      gint64 ts = json_object_get_int_member (e, "Timestamp");
      gint64 index = json_object_get_int_member (p, "Index");
      const PvVisiblePerson *v;

      pv_timeline_visible_at (timeline, 80000 + ts * 1000, visible);
      v = find (visible, index);
      g_assert_nonnull (v);
      g_assert_cmpint (v->timestamp_ms, ==, ts);
      g_assert_false (v->interpolated);
      if (json_object_has_member (p, "BoundingBox"))
        g_assert_cmpfloat (v->box.left, ==,
                           json_object_get_double_member (json_object_get_object_member (
                                                            p, "BoundingBox"), "Left"));
      else
        {
          /* Face only: the face is drawn, the person has no box. */
          g_assert_false (v->flags & PV_DETECTION_HAS_BOX);
          g_assert_nonnull (v->face);
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, ==, 345);

  people = pv_timeline_get_people (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (people), ==, 2);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(PvPerson) person = g_list_model_get_item (people, k);
      guint count = 0;
      gboolean face = FALSE;
      gint64 first = G_MAXINT64, last = G_MININT64;

      for (guint i = 0; i < json_array_get_length (persons); i++)
        {
          JsonObject *e = json_array_get_object_element (persons, i);
          JsonObject *p = json_object_get_object_member (e, "Person");

          if (json_object_get_int_member (p, "Index") != (gint64) k)
            continue;
          count++;
          face |= json_object_has_member (p, "Face");
          first = MIN (first, json_object_get_int_member (e, "Timestamp"));
          last = MAX (last, json_object_get_int_member (e, "Timestamp"));
        }
      g_assert_cmpint (pv_person_get_index (person), ==, k);
      g_assert_cmpuint (pv_person_get_n_detections (person), ==, count);
      g_assert_cmpint (pv_person_get_has_face (person), ==, face);
      g_assert_cmpint (pv_person_get_first_seen_ms (person), ==, first);
      g_assert_cmpint (pv_person_get_last_seen_ms (person), ==, last);
    }
}


/* Gaps and rates far outside anything real: the defaults stay within their limits, and the
 * answers stay right. */
static void
test_extreme_gaps (void)
{
  g_autoptr(PvResult) result = result_from_string (
    "{\"Persons\":["
    "{\"Timestamp\":0,\"Person\":{\"Index\":0}},"
    "{\"Timestamp\":100000000000000,\"Person\":{\"Index\":0}},"
    "{\"Timestamp\":-100000000000000,\"Person\":{\"Index\":1}}]}");
  g_autoptr(PvTimeline) timeline = pv_timeline_new (result);
  g_autoptr(PvResult) slow = result_from_string (
    "{\"VideoMetadata\":{\"FrameRate\":1e-300},"
    "\"Persons\":[{\"Timestamp\":0,\"Person\":{\"Index\":0}}]}");
  g_autoptr(PvTimeline) slow_timeline = pv_timeline_new (slow);
  gint64 tolerance = pv_timeline_get_tolerance_ms (timeline);

  g_assert_cmpint (tolerance, <=, G_MAXINT32 / 2);
  g_assert_cmpint (pv_timeline_get_max_gap_ms (timeline), <=, G_MAXINT32 / 2);
  g_assert_cmpint (sample_at (timeline, 0, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, tolerance * 1000, 0), ==, 0);
  g_assert_cmpint (sample_at (timeline, tolerance * 1000 + 1, 0), ==, -1);
  g_assert_cmpint (sample_at (timeline, G_GINT64_CONSTANT (100000000000000000), 0), ==,
                   100000000000000);
  g_assert_cmpint (sample_at (timeline, G_GINT64_CONSTANT (-100000000000000000), 1), ==,
                   -100000000000000);
  g_assert_cmpint (sample_at (timeline, G_MAXINT64, 0), ==, -1);
  g_assert_cmpint (sample_at (timeline, G_MININT64, 1), ==, -1);

  g_assert_cmpint (pv_timeline_get_tolerance_ms (slow_timeline), <=, G_MAXINT32 / 2);
  g_assert_cmpint (sample_at (slow_timeline, 0, 0), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/defaults", test_defaults);
  g_test_add_func ("/timeline/visible-at/nearest", test_nearest);
  g_test_add_func ("/timeline/visible-at/half-way", test_half_way);
  g_test_add_func ("/timeline/visible-at/tolerance-edge", test_tolerance_edge);
  g_test_add_func ("/timeline/visible-at/time-offset", test_time_offset);
  g_test_add_func ("/timeline/visible-at/interpolation", test_interpolation);
  g_test_add_func ("/timeline/visible-at/filter", test_filter);
  g_test_add_func ("/timeline/visible-at/threshold", test_threshold);
  g_test_add_func ("/timeline/visible-at/random-against-scan", test_random_against_scan);
  g_test_add_func ("/timeline/any-order", test_any_order);
  g_test_add_func ("/timeline/people", test_people);
  g_test_add_func ("/timeline/extreme-gaps", test_extreme_gaps);
  g_test_add_func ("/timeline/real/shellzu", test_shellzu);

  return g_test_run ();
}
