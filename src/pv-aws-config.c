/* pv-aws-config.c
 *
 * Copyright 2026 The Pathview authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pv-aws-config"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "pv-aws-config.h"

/* Resolution order follows the AWS CLI v2 (botocore's providers), so that a user who has a
 * working `aws rekognition get-person-tracking` gets the same endpoint, region and keys here.
 *
 * Secrets (secret key, session token) are copied around but never formatted into a message:
 * errors about a malformed file name the file and the line number, never the line itself,
 * because that line may be the one holding the key. */

G_DEFINE_QUARK (pv-aws-config-error-quark, pv_aws_config_error)

typedef struct
{
  char       *path;
  gboolean    exists;
  /* section name as written between the brackets -> GHashTable of key -> value */
  GHashTable *sections;
} IniFile;

static void
ini_file_free (IniFile *ini)
{
  g_clear_pointer (&ini->path, g_free);
  g_clear_pointer (&ini->sections, g_hash_table_unref);
  g_free (ini);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IniFile, ini_file_free)

static const char *
env_nonempty (const char *name)
{
  const char *value = g_getenv (name);

  return (value != NULL && value[0] != '\0') ? value : NULL;
}

static char *
expand_home (const char *path)
{
  const char *home;

  g_assert (path != NULL);

  if (path[0] != '~' || (path[1] != '/' && path[1] != '\0'))
    return g_strdup (path);

  /* $HOME first, like the CLI's os.path.expanduser, so tests (and sudo users) can redirect it. */
  home = env_nonempty ("HOME");
  if (home == NULL)
    home = g_get_home_dir ();

  return g_build_filename (home, path + 1, NULL);
}

/* The shared config files are INI-like. Indented lines under a setting with an empty value are
 * its sub-settings ("rekognition =\n  endpoint_url = …", as in [services NAME] sections): they
 * are stored as "rekognition.endpoint_url". Other indented lines continue a value, which no
 * setting we read uses, so they are skipped. */
static IniFile *
ini_file_load (const char  *path,
               GError     **error)
{
  g_autoptr(IniFile) ini = g_new0 (IniFile, 1);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *current = NULL;
  g_autofree char *nested_parent = NULL;   /* the last setting, when its value was empty */
  gsize length = 0;

  g_assert (path != NULL);

  ini->path = g_strdup (path);
  ini->sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* No file is not an error: everything may come from the environment (a HOME that is not
       * a folder, as in sandboxes and under G_TEST_OPTION_ISOLATE_DIRS, counts as no file). */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
          || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR))
        return g_steal_pointer (&ini);

      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE,
                   _("Could not read the AWS settings file “%s”: %s"),
                   path, local_error->message);
      return NULL;
    }

  ini->exists = TRUE;

  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE,
                   _("The AWS settings file “%s” is not valid UTF-8 text"), path);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *stripped;
      char *eq;

      if (line[0] == ' ' || line[0] == '\t')
        {
          char *sub_eq;

          stripped = g_strstrip (line);
          if (nested_parent == NULL || current == NULL || stripped[0] == '\0'
              || (sub_eq = strchr (stripped, '=')) == NULL)
            continue;
          *sub_eq = '\0';
          g_hash_table_replace (current,
                                g_strconcat (nested_parent, ".", g_strstrip (stripped), NULL),
                                g_strdup (g_strstrip (sub_eq + 1)));
          continue;
        }

      stripped = g_strstrip (line);
      if (stripped[0] == '\0' || stripped[0] == '#' || stripped[0] == ';')
        continue;

      if (stripped[0] == '[')
        {
          char *end = strrchr (stripped, ']');
          g_autofree char *name = NULL;

          if (end == NULL)
            {
              g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE,
                           _("%s:%u: a section header is missing its closing “]”"),
                           path, i + 1);
              return NULL;
            }

          g_clear_pointer (&nested_parent, g_free);
          name = g_strstrip (g_strndup (stripped + 1, end - stripped - 1));
          current = g_hash_table_lookup (ini->sections, name);
          if (current == NULL)
            {
              current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              g_hash_table_insert (ini->sections, g_steal_pointer (&name), current);
            }
          continue;
        }

      eq = strchr (stripped, '=');
      if (eq == NULL || current == NULL)
        {
          /* Deliberately without the line's text: it may be a key. */
          g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE,
                       eq == NULL
                       ? _("%s:%u: expected “name = value”")
                       : _("%s:%u: a setting comes before any [section]"),
                       path, i + 1);
          return NULL;
        }

      *eq = '\0';
      g_strstrip (stripped);
      g_strstrip (eq + 1);
      g_clear_pointer (&nested_parent, g_free);
      if (eq[1] == '\0')
        nested_parent = g_strdup (stripped);
      g_hash_table_replace (current, g_strdup (stripped), g_strdup (eq + 1));
    }

  return g_steal_pointer (&ini);
}

static GHashTable *
ini_file_section (IniFile    *ini,
                  const char *name)
{
  g_assert (ini != NULL);

  return ini->sections != NULL ? g_hash_table_lookup (ini->sections, name) : NULL;
}

/* In ~/.aws/config the profile sections are "[profile NAME]", except "[default]" (botocore also
 * accepts "[profile default]"). */
static GHashTable *
config_profile_section (IniFile    *config,
                        const char *profile)
{
  g_autofree char *name = g_strdup_printf ("profile %s", profile);
  GHashTable *section = ini_file_section (config, name);

  if (section == NULL && g_str_equal (profile, "default"))
    section = ini_file_section (config, "default");

  return section;
}

static const char *
section_get (GHashTable *section,
             const char *key)
{
  const char *value;

  if (section == NULL)
    return NULL;

  value = g_hash_table_lookup (section, key);
  return (value != NULL && value[0] != '\0') ? value : NULL;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  g_assert (host != NULL);

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
pv_aws_config_validate_endpoint (const char  *endpoint_url,
                                 gboolean     allow_insecure_http,
                                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (endpoint_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uri = g_uri_parse (endpoint_url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT,
                   _("The endpoint URL “%s” is not a valid URL: %s"),
                   endpoint_url, local_error->message);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT,
                   _("The endpoint URL “%s” must start with https:// (or http:// for a local "
                     "server)"), endpoint_url);
      return FALSE;
    }

  if (host == NULL || host[0] == '\0')
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT,
                   _("The endpoint URL “%s” has no host name"), endpoint_url);
      return FALSE;
    }

  /* A user name in the URL would be sent in the clear and is never what an AWS endpoint wants. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_ENDPOINT,
                   _("The endpoint URL must not contain a user name or password"));
      return FALSE;
    }

  /* Signed requests over plain http leak the session token and the results to the network;
   * only our own loopback server is exempt unless the user insists. */
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !allow_insecure_http && !host_is_loopback (host))
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INSECURE_ENDPOINT,
                   _("The endpoint URL “%s” uses plain http to a host that is not this "
                     "computer; use https, or allow insecure connections explicitly"),
                   endpoint_url);
      return FALSE;
    }

  return TRUE;
}

/* botocore merges the profile's section of the credentials file over the one of the config
 * file, so a setting in either counts, the credentials file winning. */
static const char *
profile_get (GHashTable *config_section,
             GHashTable *credentials_section,
             const char *key)
{
  return section_get (credentials_section, key) ?: section_get (config_section, key);
}

/* The AWS SDKs' "service-specific endpoints", in their documented order (and botocore's
 * ConfiguredEndpointProvider): an explicit endpoint always wins; then, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile's ignore_configured_endpoint_urls is true,
 * AWS_ENDPOINT_URL_REKOGNITION, AWS_ENDPOINT_URL, the rekognition sub-setting of the profile's
 * [services NAME] section, and the profile's own endpoint_url. None of them: AWS's endpoint for
 * the region. *source_out says where a configured one came from, so the app can show why it
 * talks to that host. */
static gboolean
resolve_endpoint (const PvAwsConfigOptions  *options,
                  IniFile                   *config_file,
                  GHashTable                *config_section,
                  GHashTable                *credentials_section,
                  const char                *credentials_path,
                  const char                *profile,
                  char                     **endpoint_out,
                  char                     **source_out,
                  GError                   **error)
{
  const char *ignore;
  const char *services;
  const char *value;

  g_assert (config_file != NULL);
  g_assert (endpoint_out != NULL && source_out != NULL);

  *endpoint_out = NULL;
  *source_out = NULL;

  if (options != NULL && options->endpoint_url != NULL && options->endpoint_url[0] != '\0')
    {
      *endpoint_out = g_strdup (options->endpoint_url);
      return TRUE;
    }

  /* Set in the environment, even to "", it decides over the file (botocore's order); only
   * "true" in any case means true. */
  ignore = g_getenv ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (ignore == NULL)
    ignore = profile_get (config_section, credentials_section, "ignore_configured_endpoint_urls");
  if (ignore != NULL && g_ascii_strcasecmp (ignore, "true") == 0)
    return TRUE;

  if ((value = env_nonempty ("AWS_ENDPOINT_URL_REKOGNITION")))
    {
      *endpoint_out = g_strdup (value);
      *source_out = g_strdup ("AWS_ENDPOINT_URL_REKOGNITION");
      return TRUE;
    }
  if ((value = env_nonempty ("AWS_ENDPOINT_URL")))
    {
      *endpoint_out = g_strdup (value);
      *source_out = g_strdup ("AWS_ENDPOINT_URL");
      return TRUE;
    }

  services = profile_get (config_section, credentials_section, "services");
  if (services != NULL)
    {
      g_autofree char *name = g_strdup_printf ("services %s", services);
      GHashTable *section = ini_file_section (config_file, name);

      /* A profile that names a missing section is a typo the user wants to hear about, not a
       * silent fall back to AWS (botocore refuses it too). */
      if (section == NULL)
        {
          g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_INVALID_FILE,
                       _("The AWS profile “%s” uses “services = %s”, but “%s” has no "
                         "[services %s] section"),
                       profile, services, config_file->path, services);
          return FALSE;
        }
      if ((value = section_get (section, "rekognition.endpoint_url")))
        {
          *endpoint_out = g_strdup (value);
          *source_out = g_strdup_printf ("%s [services %s]", config_file->path, services);
          return TRUE;
        }
    }

  if ((value = section_get (credentials_section, "endpoint_url")))
    {
      *endpoint_out = g_strdup (value);
      *source_out = g_strdup_printf ("%s [%s]", credentials_path, profile);
      return TRUE;
    }
  if ((value = section_get (config_section, "endpoint_url")))
    {
      *endpoint_out = g_strdup (value);
      *source_out = g_strdup_printf ("%s [profile %s]", config_file->path, profile);
      return TRUE;
    }

  return TRUE;
}

/* Take the three values from one place only: mixing a key id from one file with a secret from
 * another produces signatures that fail in confusing ways. */
static gboolean
take_credentials (PvAwsConfig  *config,
                  const char   *access_key_id,
                  const char   *secret_access_key,
                  const char   *session_token,
                  const char   *source,
                  GError      **error)
{
  g_assert (config != NULL);
  g_assert (source != NULL);

  if (access_key_id == NULL && secret_access_key == NULL)
    return FALSE;

  if (access_key_id == NULL || secret_access_key == NULL)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_PARTIAL_CREDENTIALS,
                   access_key_id == NULL
                   ? _("%s has a secret access key but no access key ID")
                   : _("%s has an access key ID but no secret access key"),
                   source);
      return FALSE;
    }

  config->access_key_id = g_strdup (access_key_id);
  config->secret_access_key = g_strdup (secret_access_key);
  config->session_token = (session_token != NULL && session_token[0] != '\0')
                          ? g_strdup (session_token) : NULL;
  config->credentials_source = g_strdup (source);
  return TRUE;
}

PvAwsConfig *
pv_aws_config_resolve (const PvAwsConfigOptions  *options,
                       GError                   **error)
{
  g_autoptr(PvAwsConfig) config = g_new0 (PvAwsConfig, 1);
  g_autoptr(IniFile) config_file = NULL;
  g_autoptr(IniFile) credentials_file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *credentials_path = NULL;
  GHashTable *config_section;
  GHashTable *credentials_section;
  gboolean profile_named = FALSE;
  const char *value;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Profile: --profile, then AWS_PROFILE, then "default". */
  if (options != NULL && options->profile != NULL && options->profile[0] != '\0')
    {
      config->profile = g_strdup (options->profile);
      profile_named = TRUE;
    }
  else if ((value = env_nonempty ("AWS_PROFILE")))
    {
      config->profile = g_strdup (value);
      profile_named = TRUE;
    }
  else
    config->profile = g_strdup ("default");

  config_path = expand_home (env_nonempty ("AWS_CONFIG_FILE") ?: "~/.aws/config");
  credentials_path = expand_home (env_nonempty ("AWS_SHARED_CREDENTIALS_FILE")
                                  ?: "~/.aws/credentials");

  if (!(config_file = ini_file_load (config_path, error)))
    return NULL;
  if (!(credentials_file = ini_file_load (credentials_path, error)))
    return NULL;

  config_section = config_profile_section (config_file, config->profile);
  credentials_section = ini_file_section (credentials_file, config->profile);

  /* A profile the user named must exist somewhere; the implicit "default" may be absent when
   * everything comes from the environment. */
  if (profile_named && config_section == NULL && credentials_section == NULL)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_PROFILE_NOT_FOUND,
                   _("The AWS profile “%s” is in neither “%s” (as [profile %s]) nor “%s” "
                     "(as [%s])"),
                   config->profile, config_path, config->profile, credentials_path,
                   config->profile);
      return NULL;
    }

  /* Region */
  if (options != NULL && options->region != NULL && options->region[0] != '\0')
    config->region = g_strdup (options->region);
  else if ((value = env_nonempty ("AWS_REGION")) || (value = env_nonempty ("AWS_DEFAULT_REGION")))
    config->region = g_strdup (value);
  else if ((value = section_get (config_section, "region")))
    config->region = g_strdup (value);
  else
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_REGION,
                   _("No AWS region is set: pass a region, set AWS_REGION, or add "
                     "“region = …” to the profile “%s” in “%s”"),
                   config->profile, config_path);
      return NULL;
    }

  /* The region becomes part of a host name and of the signature scope. */
  for (const char *p = config->region; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      {
        g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_REGION,
                     _("“%s” is not a valid AWS region name"), config->region);
        return NULL;
      }

  /* Endpoint */
  if (!resolve_endpoint (options, config_file, config_section, credentials_section,
                         credentials_path, config->profile, &config->endpoint_url,
                         &config->endpoint_source,
                         error))
    return NULL;
  if (config->endpoint_url == NULL)
    config->endpoint_url = g_strdup_printf ("https://rekognition.%s.amazonaws.com",
                                            config->region);

  if (!pv_aws_config_validate_endpoint (config->endpoint_url,
                                        options != NULL && options->allow_insecure_http,
                                        error))
    {
      /* A URL the user did not type here: say where to fix it. */
      if (config->endpoint_source != NULL)
        /* Translators: %s is where the setting came from, such as a file and its section */
        g_prefix_error (error, _("In %s: "), config->endpoint_source);
      return NULL;
    }

  /* Credentials: explicit, environment, credentials file, config file. */
  if (options != NULL
      && take_credentials (config, options->access_key_id, options->secret_access_key,
                           options->session_token, _("The given credentials"), &local_error))
    ;
  else if (local_error == NULL
           && take_credentials (config, env_nonempty ("AWS_ACCESS_KEY_ID"),
                                env_nonempty ("AWS_SECRET_ACCESS_KEY"),
                                env_nonempty ("AWS_SESSION_TOKEN"),
                                _("The environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"),
                                &local_error))
    ;
  else if (local_error == NULL
           && take_credentials (config, section_get (credentials_section, "aws_access_key_id"),
                                section_get (credentials_section, "aws_secret_access_key"),
                                section_get (credentials_section, "aws_session_token"),
                                credentials_path, &local_error))
    ;
  else if (local_error == NULL
           && take_credentials (config, section_get (config_section, "aws_access_key_id"),
                                section_get (config_section, "aws_secret_access_key"),
                                section_get (config_section, "aws_session_token"),
                                config_path, &local_error))
    ;
  else if (local_error == NULL)
    {
      g_set_error (error, PV_AWS_CONFIG_ERROR, PV_AWS_CONFIG_ERROR_NO_CREDENTIALS,
                   _("No AWS credentials found for the profile “%s”: set AWS_ACCESS_KEY_ID "
                     "and AWS_SECRET_ACCESS_KEY, or add aws_access_key_id and "
                     "aws_secret_access_key to “%s” or “%s”"),
                   config->profile, credentials_path, config_path);
      return NULL;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_debug ("Endpoint %s (from %s), region %s, profile %s, credentials from %s%s",
           config->endpoint_url,
           config->endpoint_source != NULL ? config->endpoint_source : "the options or the region",
           config->region, config->profile, config->credentials_source,
           config->session_token != NULL ? " (with a session token)" : "");

  return g_steal_pointer (&config);
}

/**
 * pv_aws_config_resolve_endpoint:
 *
 * The endpoint pv_aws_config_resolve () would choose, whether or not there are credentials:
 * enough to find a job fetched before in the cache when the keys are gone.
 *
 * Returns: (transfer full): the endpoint URL, or %NULL with @error set
 */
char *
pv_aws_config_resolve_endpoint (const PvAwsConfigOptions  *options,
                                GError                   **error)
{
  PvAwsConfigOptions with_keys = { 0 };
  g_autoptr(PvAwsConfig) config = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options != NULL)
    with_keys = *options;
  /* Credentials play no part in choosing the endpoint; given ones stop the search for them. */
  with_keys.access_key_id = "unused";
  with_keys.secret_access_key = "unused";
  with_keys.session_token = NULL;
  config = pv_aws_config_resolve (&with_keys, error);
  return config != NULL ? g_strdup (config->endpoint_url) : NULL;
}

PvAwsConfig *
pv_aws_config_copy (const PvAwsConfig *config)
{
  PvAwsConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (PvAwsConfig, 1);
  copy->endpoint_url = g_strdup (config->endpoint_url);
  copy->endpoint_source = g_strdup (config->endpoint_source);
  copy->region = g_strdup (config->region);
  copy->profile = g_strdup (config->profile);
  copy->access_key_id = g_strdup (config->access_key_id);
  copy->secret_access_key = g_strdup (config->secret_access_key);
  copy->session_token = g_strdup (config->session_token);
  copy->credentials_source = g_strdup (config->credentials_source);
  return copy;
}

void
pv_aws_config_free (PvAwsConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->endpoint_url);
  g_free (config->endpoint_source);
  g_free (config->region);
  g_free (config->profile);
  g_free (config->access_key_id);
  /* Do not leave the secrets lying around in freed heap memory. */
  if (config->secret_access_key != NULL)
    memset (config->secret_access_key, 0, strlen (config->secret_access_key));
  g_free (config->secret_access_key);
  if (config->session_token != NULL)
    memset (config->session_token, 0, strlen (config->session_token));
  g_free (config->session_token);
  g_free (config->credentials_source);
  g_free (config);
}
