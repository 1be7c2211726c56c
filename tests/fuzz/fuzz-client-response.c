/* fuzz-client-response.c: a whole endpoint response (status, headers, body) fed to PvClient
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The input is what a hostile or broken endpoint could send back for one GetPersonTracking call:
 *
 *   HTTP/1.1 200 OK\r\n
 *   Header: value\r\n
 *   \r\n
 *   body...
 *
 * or, when it does not start with "HTTP/", a body answered with 200.
 * The status line and headers are read the way libsoup hands them to the client (libsoup's own
 * status-line parser; header lines it would refuse are dropped here), the rest is the body.
 * The harness then does what PvClient does with a response, without a network: both of
 * pv_client_parse_response ()'s paths (the JSON tree and the plain-page fast path), the error
 * type reader, and the page into a PvResult as fetch_handle_page () adds it.
 *
 * Findings are crashes, sanitizer reports, and any disagreement between the two paths: the
 * fast path may step aside, but when it takes a page it must read exactly what json-glib reads. */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv-client.h"
#include "pv-result.h"
#include "pv-result-private.h"
#include "pv-timeline.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gboolean
is_token_char (char c)
{
  /* RFC 9110 tchar: what libsoup accepts in a header name */
  return g_ascii_isalnum (c) || strchr ("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Returns the offset of the body, or -1 when the head is not an HTTP response libsoup would
 * accept (the client then sees a transport error from libsoup, not our code). */
static gssize
parse_head (const char         *text,
            gsize               size,
            guint              *status,
            SoupMessageHeaders *headers)
{
  const char *end = NULL;
  g_autofree char *head = NULL;
  g_auto(GStrv) lines = NULL;
  gsize body_offset;

  for (gsize i = 0; i + 1 < size; i++)
    {
      if (text[i] == '\n' && text[i + 1] == '\n')
        {
          end = text + i;
          body_offset = i + 2;
          break;
        }
      if (i + 3 < size && memcmp (text + i, "\r\n\r\n", 4) == 0)
        {
          end = text + i;
          body_offset = i + 4;
          break;
        }
    }
  if (end == NULL)
    return -1;

  head = g_strndup (text, end - text);
  if (strlen (head) != (gsize) (end - text))
    return -1;   /* a NUL in the head: libsoup refuses it */
  lines = g_strsplit (head, "\n", -1);
  if (!soup_headers_parse_status_line (lines[0], NULL, status, NULL))
    return -1;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      char *line = g_strchomp (lines[i]);
      char *colon = strchr (line, ':');
      gboolean valid = colon != NULL && colon != line && strchr (line, '\r') == NULL;

      for (char *p = line; valid && p < colon; p++)
        valid = is_token_char (*p);
      if (!valid)
        continue;
      *colon = '\0';
      soup_message_headers_append (headers, line, g_strstrip (colon + 1));
    }

  return (gssize) body_offset;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
check_same_box (const PvBox *a,
                const PvBox *b)
{
  if (!same_double (a->left, b->left) || !same_double (a->top, b->top)
      || !same_double (a->width, b->width) || !same_double (a->height, b->height))
    abort ();
}

/* What fetch_handle_page () does with a page; NULL when it would stop the fetch. */
static PvResult *
add_page (JsonObject *page,
          GArray     *detections)
{
  g_autoptr(PvResult) result = pv_result_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_object_get_member (page, "NextToken");

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node)
      && !(JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING))
    return NULL;

  if (!pv_result_add_page (result, page, 1, &error))
    {
      if (error == NULL || error->message[0] == '\0')
        abort ();
      return NULL;
    }
  if (detections != NULL)
    for (guint i = 0; i < detections->len; i++)
      {
        pv_result_add_detection (result, &g_array_index (detections, PvDetection, i));
        g_array_index (detections, PvDetection, i).face = NULL;
      }

  return g_steal_pointer (&result);
}

static void
check_same_results (PvResult *a,
                    PvResult *b)
{
  const PvDetection *x, *y;
  guint n_x, n_y;

  x = pv_result_get_detections (a, &n_x);
  y = pv_result_get_detections (b, &n_y);
  if (n_x != n_y)
    abort ();
  for (guint i = 0; i < n_x; i++)
    {
      if (x[i].timestamp_ms != y[i].timestamp_ms || x[i].index != y[i].index
          || x[i].flags != y[i].flags)
        abort ();
      if ((x[i].flags & PV_DETECTION_HAS_BOX) != 0)
        check_same_box (&x[i].box, &y[i].box);
      if ((x[i].flags & PV_DETECTION_HAS_CONFIDENCE) != 0
          && !same_double (x[i].confidence, y[i].confidence))
        abort ();
      if ((x[i].face == NULL) != (y[i].face == NULL))
        abort ();
      if (x[i].face != NULL)
        {
          const PvFace *f = x[i].face, *g = y[i].face;

          check_same_box (&f->box, &g->box);
          if (!same_double (f->confidence, g->confidence) || f->n_landmarks != g->n_landmarks)
            abort ();
          for (guint k = 0; k < f->n_landmarks; k++)
            if (f->landmarks[k].type != g->landmarks[k].type
                || !same_double (f->landmarks[k].x, g->landmarks[k].x)
                || !same_double (f->landmarks[k].y, g->landmarks[k].y))
              abort ();
        }
    }
  if (pv_result_get_warnings (a)->len != pv_result_get_warnings (b)->len)
    abort ();
  if (g_strcmp0 (pv_result_get_job_status (a), pv_result_get_job_status (b)) != 0
      || g_strcmp0 (pv_result_get_next_token (a), pv_result_get_next_token (b)) != 0)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) slow_error = NULL;
  g_autoptr(GError) fast_error = NULL;
  g_autoptr(JsonObject) slow_page = NULL;
  g_autoptr(JsonObject) fast_page = NULL;
  g_autoptr(GArray) detections = NULL;
  g_autoptr(PvResult) slow = NULL;
  g_autoptr(PvResult) fast = NULL;
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;
  guint status = 0;
  gssize body_offset;

  /* An input that does not start like a response is a body answered with 200: the readers'
   * corpora (pages and saved results) feed this target too. */
  if (size < 5 || memcmp (data, "HTTP/", 5) != 0)
    {
      status = 200;
      body_offset = 0;
    }
  else if ((body_offset = parse_head ((const char *) data, size, &status, headers)) < 0)
    return 0;
  body = g_bytes_new (data + body_offset, size - body_offset);

  /* The error reader runs on any answer the client retries or reports. */
  pv_client_parse_error (headers, body, &type, &message);
  if (type != NULL && (type[0] == '\0' || strchr (type, '#') != NULL))
    abort ();

  slow_page = pv_client_parse_response (status, headers, body, NULL, &slow_error);
  fast_page = pv_client_parse_response (status, headers, body, &detections, &fast_error);

  /* Both paths accept or refuse together, and a refusal is a PV_CLIENT_ERROR that says why. */
  if ((slow_page == NULL) != (fast_page == NULL))
    abort ();
  if (slow_page == NULL)
    {
      if (slow_error == NULL || fast_error == NULL
          || slow_error->domain != PV_CLIENT_ERROR || slow_error->message[0] == '\0'
          || slow_error->code != fast_error->code)
        abort ();
      if ((status < 200 || status > 299) && slow_error->code == PV_CLIENT_ERROR_BAD_RESPONSE)
        abort ();
      return 0;
    }
  if (status < 200 || status > 299)
    abort ();
  /* To see how deep corpus inputs get */
  if (g_getenv ("PV_FUZZ_VERBOSE") != NULL)
    g_printerr ("%u: %s path\n", status, detections != NULL ? "fast" : "tree");
  if (detections != NULL && json_object_has_member (fast_page, "Persons"))
    abort ();

  slow = add_page (slow_page, NULL);
  fast = add_page (fast_page, detections);
  if ((slow == NULL) != (fast == NULL))
    abort ();
  if (slow == NULL)
    return 0;
  check_same_results (slow, fast);

  /* What the client keeps is what the viewer and the cache get. Pages added one by one keep
   * duplicate (Index, Timestamp) pairs until the timeline is built (the documented rule: the
   * first is kept), so the cache file, read again, must give what the timeline shows. */
  {
    g_autoptr(PvTimeline) timeline = pv_timeline_new (slow);
    g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (PvVisiblePerson));
    g_autoptr(GBytes) saved = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(PvResult) reread = NULL;
    gint64 first, last;
    guint n;

    if (pv_timeline_get_time_range (timeline, &first, &last))
      {
        pv_timeline_visible_at (timeline, first * 1000, visible);
        pv_timeline_visible_at (timeline, (first / 2 + last / 2) * 1000, visible);
      }
    pv_timeline_get_detections (timeline, &n);
    saved = pv_result_to_bytes (slow);
    reread = pv_result_new_from_bytes (saved, "cache", NULL, &error);
    if (reread == NULL || pv_result_get_n_detections (reread) != n)
      abort ();
  }

  return 0;
}
