/* test-aws-config.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "pv-aws-config.h"

/* Every test starts from an empty HOME and no AWS_* variables, so nothing of the machine's own
 * AWS setup leaks in, and writes the files it needs. */

#define SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
#define TOKEN  "FQoGZXIvYXdzEXAMPLESESSIONTOKENxyz"

static const char *aws_vars[] = {
  "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_REKOGNITION", "AWS_REGION", "AWS_DEFAULT_REGION",
  "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
};

static GString *log_text;

typedef struct
{
  char *home;
} Fixture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      {
        g_string_append_len (log_text, fields[i].value,
                             fields[i].length < 0 ? (gssize) strlen (fields[i].value)
                                                  : fields[i].length);
        g_string_append_c (log_text, '\n');
      }

  /* Only debug output stays captured; anything louder must still be seen (and be fatal). */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;

  f->home = g_dir_make_tmp ("pv-aws-config-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (aws_vars); i++)
    g_unsetenv (aws_vars[i]);
  g_setenv ("HOME", f->home, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->home);
  g_free (f->home);
}

static void
test_endpoint_order (Fixture       *f,
                     gconstpointer  data)
{
  PvAwsConfigOptions options = { .access_key_id = "AKID", .secret_access_key = SECRET };
  g_autoptr(GError) error = NULL;
  PvAwsConfig *config;

  g_setenv ("AWS_REGION", "eu-west-1", TRUE);

  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->endpoint_url, ==, "https://rekognition.eu-west-1.amazonaws.com");
  pv_aws_config_free (config);

  g_setenv ("AWS_ENDPOINT_URL", "https://generic.example.com", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->endpoint_url, ==, "https://generic.example.com");
  pv_aws_config_free (config);

  g_setenv ("AWS_ENDPOINT_URL_REKOGNITION", "https://rek.example.com", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->endpoint_url, ==, "https://rek.example.com");
  pv_aws_config_free (config);

  options.endpoint_url = "http://127.0.0.1:8123";
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->endpoint_url, ==, "http://127.0.0.1:8123");
  pv_aws_config_free (config);
}

/* The AWS SDKs' service-specific endpoints. Each expected URL follows from the documented order
 * (sdkref "Service-specific endpoints": explicit > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL
 * > the [services] section's sub-setting > the profile's endpoint_url;
 * ignore_configured_endpoint_urls drops all but the explicit one); botocore (>= 1.31), when
 * installed, must agree on every case. */
#define AWS_DEFAULT "https://rekognition.eu-west-1.amazonaws.com"

typedef struct
{
  const char *config;
  const char *credentials;
  const char *env[4];        /* NAME=VALUE */
  const char *explicit_url;  /* --endpoint-url */
  const char *expected;      /* NULL: refused */
} EndpointCase;

static const EndpointCase endpoint_cases[] = {
  /* 0: nothing configured */
  { "[default]\nregion = eu-west-1\n", NULL, { NULL }, NULL, AWS_DEFAULT },
  /* 1: the profile's own endpoint_url */
  { "[default]\nendpoint_url = https://global.example.com\n", NULL, { NULL }, NULL,
    "https://global.example.com" },
  /* 2: a named profile's, not the default's */
  { "[default]\nendpoint_url = https://default.example.com\n"
    "[profile dev]\nendpoint_url = http://localhost:4566\n", NULL,
    { "AWS_PROFILE=dev", NULL }, NULL, "http://localhost:4566" },
  /* 3: the services section beats the profile's endpoint_url; other services' are not ours */
  { "[default]\nendpoint_url = https://global.example.com\nservices = local\n\n"
    "[services local]\ns3 =\n  endpoint_url = https://s3.example.com\n"
    "rekognition =\n  endpoint_url = http://127.0.0.1:4566\n", NULL,
    { NULL }, NULL, "http://127.0.0.1:4566" },
  /* 4: a services section without rekognition falls through to the profile's endpoint_url */
  { "[profile dev]\nservices = only-s3\nendpoint_url = https://global.example.com\n"
    "[services only-s3]\ns3 =\n  endpoint_url = https://s3.example.com\n", NULL,
    { "AWS_PROFILE=dev", NULL }, NULL, "https://global.example.com" },
  /* 5: tab-indented sub-settings, comments in between */
  { "# mine\n[profile dev]\nservices = tabs\n[services tabs]\n; local stack\n"
    "rekognition =\n\tendpoint_url = https://tabs.example.com\n", NULL,
    { "AWS_PROFILE=dev", NULL }, NULL, "https://tabs.example.com" },
  /* 6: AWS_ENDPOINT_URL beats the files */
  { "[default]\nservices = local\n[services local]\nrekognition =\n"
    "  endpoint_url = https://file.example.com\n", NULL,
    { "AWS_ENDPOINT_URL=https://env.example.com", NULL }, NULL, "https://env.example.com" },
  /* 7: AWS_ENDPOINT_URL_REKOGNITION beats AWS_ENDPOINT_URL */
  { NULL, NULL, { "AWS_ENDPOINT_URL=https://env.example.com",
                  "AWS_ENDPOINT_URL_REKOGNITION=https://rek.example.com", NULL }, NULL,
    "https://rek.example.com" },
  /* 8: ignored through the environment: every configured one, environment too */
  { "[default]\nendpoint_url = https://global.example.com\n", NULL,
    { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true",
      "AWS_ENDPOINT_URL_REKOGNITION=https://rek.example.com", NULL }, NULL, AWS_DEFAULT },
  /* 9: ignored through the profile ("True": any case) */
  { "[default]\nignore_configured_endpoint_urls = True\nendpoint_url = https://g.example.com\n",
    NULL, { "AWS_ENDPOINT_URL=https://env.example.com", NULL }, NULL, AWS_DEFAULT },
  /* 10: the environment's "false" decides over the profile's "true" */
  { "[default]\nignore_configured_endpoint_urls = true\nendpoint_url = https://g.example.com\n",
    NULL, { "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false", NULL }, NULL, "https://g.example.com" },
  /* 11: the explicit endpoint wins over everything, even when configured ones are ignored */
  { "[default]\nignore_configured_endpoint_urls = true\nservices = local\n"
    "[services local]\nrekognition =\n  endpoint_url = https://file.example.com\n", NULL,
    { "AWS_ENDPOINT_URL_REKOGNITION=https://rek.example.com", NULL },
    "https://explicit.example.com", "https://explicit.example.com" },
  /* 12: a profile naming a services section that is not there */
  { "[default]\nservices = typo\n[services local]\nrekognition =\n"
    "  endpoint_url = https://file.example.com\n", NULL, { NULL }, NULL, NULL },
  /* 13: botocore merges the credentials file's profile over the config file's */
  { "[default]\nendpoint_url = https://config.example.com\n",
    "[default]\naws_access_key_id = AKID\naws_secret_access_key = x\n"
    "endpoint_url = https://credentials.example.com\n", { NULL }, NULL,
    "https://credentials.example.com" },
  /* 14: an empty setting is no setting */
  { "[default]\nendpoint_url =\n", NULL, { "AWS_ENDPOINT_URL=", NULL }, NULL, AWS_DEFAULT },
};

static void
endpoint_case_setup (const Fixture *f,
                     guint          i,
                     GPtrArray     *env_out)
{
  const EndpointCase *c = &endpoint_cases[i];
  g_autofree char *dir = g_strdup_printf ("case-%u", i);
  g_autofree char *config = g_build_filename (f->home, dir, "config", NULL);
  g_autofree char *credentials = g_build_filename (f->home, dir, "credentials", NULL);

  write_file (f->home, config + strlen (f->home) + 1, c->config != NULL ? c->config : "");
  write_file (f->home, credentials + strlen (f->home) + 1,
              c->credentials != NULL ? c->credentials : "");

  for (guint j = 0; j < G_N_ELEMENTS (aws_vars); j++)
    g_unsetenv (aws_vars[j]);
  /* botocore reads AWS_DEFAULT_REGION (not AWS_REGION); both of us do. */
  g_setenv ("AWS_DEFAULT_REGION", "eu-west-1", TRUE);
  g_setenv ("AWS_CONFIG_FILE", config, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials, TRUE);
  for (guint j = 0; c->env[j] != NULL; j++)
    {
      g_auto(GStrv) pair = g_strsplit (c->env[j], "=", 2);

      g_setenv (pair[0], pair[1], TRUE);
    }

  for (guint j = 0; env_out != NULL && j < G_N_ELEMENTS (aws_vars); j++)
    if (g_getenv (aws_vars[j]) != NULL)
      g_ptr_array_add (env_out, g_strdup_printf ("%s=%s", aws_vars[j], g_getenv (aws_vars[j])));
}

/* botocore's answers for every case, or NULL (with the reason logged) when there is no peer. */
static JsonArray *
endpoint_peer_answers (const Fixture *f)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cases_path = g_build_filename (f->home, "cases.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "endpoint-peer.py", NULL);
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  JsonNode *answer;
  int status;

  if (python == NULL)
    {
      g_test_message ("no python3: the endpoints are checked against the documented rules only");
      return NULL;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_cases); i++)
    {
      g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);

      endpoint_case_setup (f, i, env);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "env");
      json_builder_begin_object (builder);
      for (guint j = 0; j < env->len; j++)
        {
          g_auto(GStrv) pair = g_strsplit (env->pdata[j], "=", 2);

          json_builder_set_member_name (builder, pair[0]);
          json_builder_add_string_value (builder, pair[1]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "endpoint_url");
      if (endpoint_cases[i].explicit_url != NULL)
        json_builder_add_string_value (builder, endpoint_cases[i].explicit_url);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_assert_true (g_file_set_contents (cases_path, text, -1, NULL));

  {
    const char *argv[] = { python, script, cases_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                  &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  answer = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_test_message ("no peer: %s",
                      json_object_get_string_member (json_node_get_object (answer), "skip"));
      return NULL;
    }
  g_assert_true (JSON_NODE_HOLDS_ARRAY (answer));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==,
                    G_N_ELEMENTS (endpoint_cases));
  return json_array_ref (json_node_get_array (answer));
}

static void
test_endpoint_configured (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonArray) peer = endpoint_peer_answers (f);

  for (guint i = 0; i < G_N_ELEMENTS (endpoint_cases); i++)
    {
      const EndpointCase *c = &endpoint_cases[i];
      PvAwsConfigOptions options = { .access_key_id = "AKID", .secret_access_key = SECRET,
                                     .endpoint_url = c->explicit_url };
      g_autoptr(GError) error = NULL;
      g_autoptr(PvAwsConfig) config = NULL;

      endpoint_case_setup (f, i, NULL);
      config = pv_aws_config_resolve (&options, &error);
      g_test_message ("case %u: %s", i, config ? config->endpoint_url : error->message);
      if (c->expected == NULL)
        {
          g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE);
          /* The message names the section it looked for and the file it looked in. */
          g_assert_nonnull (strstr (error->message, "[services typo]"));
          g_assert_nonnull (strstr (error->message, g_getenv ("AWS_CONFIG_FILE")));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (config->endpoint_url, ==, c->expected);
          /* A configured endpoint says where it came from; AWS's and an explicit one do not. */
          g_assert_true ((config->endpoint_source != NULL)
                         == (c->explicit_url == NULL && !g_str_equal (c->expected, AWS_DEFAULT)));
        }

      if (peer != NULL)
        {
          const char *theirs = json_array_get_string_element (peer, i);

          if (c->expected == NULL)
            g_assert_true (g_str_has_prefix (theirs, "error: "));
          else
            g_assert_cmpstr (theirs, ==, c->expected);
        }
    }
}

/* Without any credentials the endpoint is still known (the window looks up its cache with it). */
static void
test_endpoint_without_credentials (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PvAwsConfig) config = NULL;
  g_autofree char *endpoint = NULL;

  write_file (f->home, ".aws/config",
              "[profile lab]\nregion = eu-west-1\nservices = lab\n"
              "[services lab]\nrekognition =\n  endpoint_url = https://lab.example.com\n");
  config = pv_aws_config_resolve (&(PvAwsConfigOptions) { .profile = "lab" }, &error);
  g_assert_null (config);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_CREDENTIALS);
  g_clear_error (&error);

  endpoint = pv_aws_config_resolve_endpoint (&(PvAwsConfigOptions) { .profile = "lab" }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (endpoint, ==, "https://lab.example.com");
  g_clear_pointer (&endpoint, g_free);

  /* AWS's own needs a region; with none anywhere there is no endpoint to name. */
  endpoint = pv_aws_config_resolve_endpoint (NULL, &error);
  g_assert_null (endpoint);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_REGION);
}

/* A configured URL that is not acceptable names the place to fix it. */
static void
test_endpoint_configured_invalid (Fixture       *f,
                                  gconstpointer  data)
{
  PvAwsConfigOptions options = { .access_key_id = "AKID", .secret_access_key = SECRET };
  g_autoptr(GError) error = NULL;
  g_autoptr(PvAwsConfig) config = NULL;
  g_autofree char *path = g_build_filename (f->home, ".aws", "config", NULL);

  write_file (f->home, ".aws/config",
              "[profile lab]\nregion = eu-west-1\nservices = lab\n"
              "[services lab]\nrekognition =\n  endpoint_url = http://192.0.2.10:4566\n");
  g_setenv ("AWS_PROFILE", "lab", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_null (config);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "[services lab]"));
  g_assert_nonnull (strstr (error->message, "http://192.0.2.10:4566"));
}

static void
test_endpoint_validation (Fixture       *f,
                          gconstpointer  data)
{
  static const struct { const char *url; gboolean insecure_ok; int code; } cases[] = {
    { "https://rekognition.us-east-1.amazonaws.com", FALSE, -1 },
    { "http://127.0.0.1:9000", FALSE, -1 },
    { "http://127.8.9.10:9000/", FALSE, -1 },
    { "http://[::1]:9000", FALSE, -1 },
    { "http://localhost:9000", FALSE, -1 },
    { "http://192.168.1.5:9000", FALSE, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT },
    { "http://example.com", FALSE, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT },
    { "http://example.com", TRUE, -1 },
    { "ftp://example.com", TRUE, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT },
    { "example.com", FALSE, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT },
    { "https://", FALSE, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT },
    { "https://user:pw@example.com", FALSE, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = pv_aws_config_validate_endpoint (cases[i].url, cases[i].insecure_ok, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, PV_AWS_CONFIG_ERROR, cases[i].code);
          g_assert_false (ok);
        }
    }
}

static void
test_region_order (Fixture       *f,
                   gconstpointer  data)
{
  PvAwsConfigOptions options = { .access_key_id = "AKID", .secret_access_key = SECRET };
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = g_build_filename (f->home, ".aws", "config", NULL);
  PvAwsConfig *config;

  config = pv_aws_config_resolve (&options, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_REGION);
  g_assert_null (config);
  g_assert_nonnull (strstr (error->message, config_path));
  g_clear_error (&error);

  write_file (f->home, ".aws/config",
              "[default]\nregion = ap-south-1\n"
              "[profile other]\nregion = sa-east-1\ns3 =\n  max_concurrent_requests = 10\n");
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "ap-south-1");
  pv_aws_config_free (config);

  g_setenv ("AWS_PROFILE", "other", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "sa-east-1");
  g_assert_cmpstr (config->profile, ==, "other");
  pv_aws_config_free (config);

  g_setenv ("AWS_DEFAULT_REGION", "us-west-1", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "us-west-1");
  pv_aws_config_free (config);

  g_setenv ("AWS_REGION", "us-west-2", TRUE);
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "us-west-2");
  pv_aws_config_free (config);

  options.region = "eu-central-1";
  config = pv_aws_config_resolve (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "eu-central-1");
  pv_aws_config_free (config);

  options.region = "eu-central-1.evil.com/";
  config = pv_aws_config_resolve (&options, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_REGION);
  g_assert_null (config);
}

static void
test_credentials_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *credentials_path = g_build_filename (f->home, ".aws", "credentials", NULL);
  g_autofree char *config_path = g_build_filename (f->home, ".aws", "config", NULL);
  PvAwsConfig *config;

  g_setenv ("AWS_REGION", "us-east-1", TRUE);

  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, credentials_path));
  g_assert_nonnull (strstr (error->message, config_path));
  g_clear_error (&error);

  /* Config file only: keys may live there too. */
  write_file (f->home, ".aws/config",
              "# comment\n[default]\naws_access_key_id = AKCONFIG\n"
              "aws_secret_access_key = " SECRET "\n"
              "[profile work]\naws_access_key_id = AKWORKCONFIG\naws_secret_access_key = s2\n");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->access_key_id, ==, "AKCONFIG");
  g_assert_cmpstr (config->secret_access_key, ==, SECRET);
  g_assert_null (config->session_token);
  g_assert_cmpstr (config->credentials_source, ==, config_path);
  pv_aws_config_free (config);

  /* The credentials file wins over the config file. */
  write_file (f->home, ".aws/credentials",
              "[default]\naws_access_key_id=AKCREDS\naws_secret_access_key=" SECRET "\n"
              "aws_session_token = " TOKEN "\n"
              "[work]\naws_access_key_id = AKWORK\naws_secret_access_key = s3\n");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->access_key_id, ==, "AKCREDS");
  g_assert_cmpstr (config->session_token, ==, TOKEN);
  g_assert_cmpstr (config->credentials_source, ==, credentials_path);
  pv_aws_config_free (config);

  /* The profile from the option beats AWS_PROFILE. */
  g_setenv ("AWS_PROFILE", "nonexistent", TRUE);
  config = pv_aws_config_resolve (&(PvAwsConfigOptions) { .profile = "work" }, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->access_key_id, ==, "AKWORK");
  pv_aws_config_free (config);

  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nonexistent"));
  g_assert_nonnull (strstr (error->message, credentials_path));
  g_assert_nonnull (strstr (error->message, config_path));
  g_assert_null (config);
  g_clear_error (&error);
  g_unsetenv ("AWS_PROFILE");

  /* The environment wins over both files. */
  g_setenv ("AWS_ACCESS_KEY_ID", "AKENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "envsecret", TRUE);
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->access_key_id, ==, "AKENV");
  g_assert_cmpstr (config->secret_access_key, ==, "envsecret");
  g_assert_null (config->session_token);
  pv_aws_config_free (config);

  /* Half a key pair in the environment is an error, not a silent fall-through. */
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_PARTIAL_CREDENTIALS);
  g_assert_null (config);
}

static void
test_file_variables (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = g_build_filename (f->home, "elsewhere", "cfg", NULL);
  g_autofree char *credentials_path = g_build_filename (f->home, "elsewhere", "creds", NULL);
  PvAwsConfig *config;

  write_file (f->home, "elsewhere/cfg", "[profile p]\nregion = eu-north-1\n");
  write_file (f->home, "elsewhere/creds",
              "[p]\naws_access_key_id = AKP\naws_secret_access_key = " SECRET "\n");
  /* Decoys in the default places must be ignored. */
  write_file (f->home, ".aws/config", "[profile p]\nregion = us-east-2\n");
  write_file (f->home, ".aws/credentials",
              "[p]\naws_access_key_id = X\naws_secret_access_key = Y\n");

  g_setenv ("AWS_CONFIG_FILE", config_path, TRUE);
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", credentials_path, TRUE);
  g_setenv ("AWS_PROFILE", "p", TRUE);

  config = pv_aws_config_resolve (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->region, ==, "eu-north-1");
  g_assert_cmpstr (config->access_key_id, ==, "AKP");
  g_assert_cmpstr (config->credentials_source, ==, credentials_path);
  pv_aws_config_free (config);
}

/* Drive every path that produces a message while secrets are around, and require that neither
 * the errors nor the log (with debug output on) contain them. */
static void
test_no_secrets_in_messages (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) messages = g_string_new (NULL);
  PvAwsConfig *config;
  GError *error = NULL;

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_string_truncate (log_text, 0);

  /* Success, with debug output. */
  g_setenv ("AWS_REGION", "us-east-1", TRUE);
  g_setenv ("AWS_ACCESS_KEY_ID", "AKENV", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", SECRET, TRUE);
  g_setenv ("AWS_SESSION_TOKEN", TOKEN, TRUE);
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_no_error (error);
  pv_aws_config_free (config);

  /* A malformed line holding the secret. */
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  write_file (f->home, ".aws/credentials",
              "[default]\naws_access_key_id = AK\n" SECRET " " TOKEN "\n");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, ":3:"));
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);

  /* A secret without its key id, a secret in a section header, and an insecure endpoint. */
  write_file (f->home, ".aws/credentials",
              "[default]\naws_secret_access_key = " SECRET "\n");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_PARTIAL_CREDENTIALS);
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);

  write_file (f->home, ".aws/credentials", "[" SECRET "\n");
  config = pv_aws_config_resolve (NULL, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE);
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);

  {
    g_autofree char *path = g_build_filename (f->home, ".aws", "credentials", NULL);
    g_unlink (path);
  }
  config = pv_aws_config_resolve (&(PvAwsConfigOptions) {
                                    .endpoint_url = "http://example.com",
                                    .access_key_id = "AK", .secret_access_key = SECRET,
                                    .session_token = TOKEN }, &error);
  g_assert_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT);
  g_string_append_printf (messages, "%s\n", error->message);
  g_clear_error (&error);
  g_assert_null (config);

  g_string_append (messages, log_text->str);
  /* The debug line must have been written, or this test checks nothing. */
  g_assert_nonnull (strstr (log_text->str, "credentials from"));
  g_assert_null (strstr (messages->str, SECRET));
  g_assert_null (strstr (messages->str, TOKEN));
  g_unsetenv ("G_MESSAGES_DEBUG");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/aws-config/endpoint/order", test_endpoint_order);
  ADD ("/aws-config/endpoint/validation", test_endpoint_validation);
  ADD ("/aws-config/endpoint/configured", test_endpoint_configured);
  ADD ("/aws-config/endpoint/configured-invalid", test_endpoint_configured_invalid);
  ADD ("/aws-config/endpoint/without-credentials", test_endpoint_without_credentials);
  ADD ("/aws-config/region/order", test_region_order);
  ADD ("/aws-config/credentials/order", test_credentials_order);
  ADD ("/aws-config/files/env-variables", test_file_variables);
  ADD ("/aws-config/secrets/not-in-messages", test_no_secrets_in_messages);
#undef ADD

  ret = g_test_run ();
  g_string_free (log_text, TRUE);
  return ret;
}
