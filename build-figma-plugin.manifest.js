// Computed manifest fields. Create Figma Plugin calls this on every build with the manifest it made
// from package.json's "figma-plugin" field; manifest.json is its output and is never edited by hand.
//
// networkAccess lists exactly the hosts the plugin's UI talks to:
// - fal's CDN (`fal.media` and its `*.fal.media` shards such as v3.fal.media and v3b.fal.media): result
//   images are downloaded from it, and @fal-ai/client PUTs reference uploads straight to the `upload_url`
//   that storage initiation returns there (it does not go through the proxy);
// - the team's proxy, whose origin is given at build time in KEYFRAME_PROXY_ORIGIN
//   (e.g. https://keyframe-proxy.example.com); every fal API call goes through it;
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
