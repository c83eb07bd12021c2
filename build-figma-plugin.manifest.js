// Computed manifest fields. Create Figma Plugin calls this on every build with the manifest it made
// from package.json's "figma-plugin" field; manifest.json is its output and is never edited by hand.
//
// networkAccess lists exactly the hosts the plugin's UI talks to:
// - the team's proxy, whose origin is given at build time in KEYFRAME_PROXY_ORIGIN
//   (e.g. https://keyframe-proxy.example.com). Every fal API call goes through it, and so do reference
//   uploads: the proxy answers storage initiation with an upload URL on itself (/api/fal/upload/<id>),
//   keeps the `upload_url` fal returned, and streams the checked bytes on to it (src/proxy/uploads/).
//   It does so because which host fal-cdn-v3's `upload_url` names could not be established from fal's
//   own sources: @fal-ai/client 1.10.1 PUTs to whatever the initiate answer holds (fal-ai/fal-js,
//   libs/client/src/storage.ts); fal's tests use placeholders ("https://upload.example.com/put" in
//   fal-ai/fal, projects/fal_client/tests/unit/test_client.py); fal's Python client sends v3 uploads to
//   https://v3.fal.media/files/upload with a CDN token, another route (projects/fal_client/src/fal_client/
//   client.py); fal's docs (fal.ai/docs/documentation/model-apis/fal-cdn) show only file URLs on
//   v3.fal.media and say uploads fall back between several endpoints. A host nobody checked is never
//   one the plugin has to reach;
// - fal's CDN (`fal.media` and its `*.fal.media` shards such as v3.fal.media and v3b.fal.media), only to
//   download result images;
// - in development, the local proxy on http://localhost:8787.
import { networkAccessFromEnv, pluginIdFromEnv } from './src/manifest-hosts.js'

export default function (manifest) {
  return {
    ...manifest,
    id: pluginIdFromEnv(process.env, manifest.id),
    networkAccess: {
      ...networkAccessFromEnv(process.env),
      reasoning:
        'Keyframe sends generation requests and reference images to your team\'s Keyframe proxy (which holds ' +
        'the fal.ai key) and downloads generated images from fal.ai\'s media CDN.'
    }
  }
}
