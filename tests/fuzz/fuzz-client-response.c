/* fuzz-client-response.c: whole GetPersonTracking HTTP responses into PvClient
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv-client.h"
#include "pv-result-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* An input is "HTTP/1.1 STATUS ...\r\n" + header lines + an empty line + the body, or, when it
 * does not start with "HTTP/", a body answered with 200. pv_client_parse_response must give a
 * page or a PV_CLIENT_ERROR with a message, never crash; and when the fast page reader takes a
 * page, json-glib + pv_result_add_page must read the same number of detections from it. */

static void
check_error (const GError *error)
{
  if (error == NULL || error->domain != PV_CLIENT_ERROR || error->message[0] == '\0')
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) slow = NULL;
  g_autoptr(JsonObject) head = NULL;
  g_autoptr(GArray) detections = NULL;
  const char *text = (const char *) data;
  guint status = 200;
  gsize body_start = 0;

  if (size > 5 && memcmp (text, "HTTP/", 5) == 0)
    {
      const char *end = g_strstr_len (text, size, "\r\n\r\n");
      g_autofree char *head_text = NULL;

      if (end == NULL)
        return 0;
      head_text = g_strndup (text, end - text + 2);
      /* libsoup's own parser, as for a real response; inputs it refuses are not ours. */
      if (!soup_headers_parse_response (head_text, strlen (head_text), headers, NULL, &status,
                                        NULL))
        return 0;
      body_start = end - text + 4;
    }
  body = g_bytes_new (text + body_start, size - body_start);

  slow = pv_client_parse_response (status, headers, body, NULL, &error);
  if (slow == NULL)
    {
      check_error (error);
      g_clear_error (&error);
    }

  head = pv_client_parse_response (status, headers, body, &detections, &error);
  if ((head == NULL) != (slow == NULL))
    abort ();
  if (head == NULL)
    {
      check_error (error);
      return 0;
    }

  if (detections != NULL)
    {
      g_autoptr(PvResult) a = pv_result_new ();
      g_autoptr(PvResult) b = pv_result_new ();

      /* The fast path only takes Persons that read cleanly, so both must read them alike
       * (VideoMetadata goes through pv_result_add_page on both paths, warnings and all). */
      if (!pv_result_add_page (a, slow, 1, NULL) || !pv_result_add_page (b, head, 1, NULL))
        abort ();
      for (guint i = 0; i < detections->len; i++)
        {
          pv_result_add_detection (b, &g_array_index (detections, PvDetection, i));
          g_array_index (detections, PvDetection, i).face = NULL;
        }
      if (pv_result_get_n_detections (a) != pv_result_get_n_detections (b)
          || pv_result_get_warnings (a)->len != pv_result_get_warnings (b)->len)
        abort ();
    }

  return 0;
}
