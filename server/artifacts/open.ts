// The platform's artifact store, chosen by HEADRACE_ARTIFACTS: a folder → LocalArtifactStore, `s3://bucket/prefix`
// → S3ArtifactStore (endpoint, region and credentials from the AWS variables, docs/storage.md). Every
// production process opens its store here; one store per location is kept for the process (an S3 client holds
// its connection pool).
import type { HeadraceConfig } from '../config';
import { S3ArtifactStore } from './s3';
import { LocalArtifactStore, type ArtifactStore } from './store';

type StoreConfig = Pick<HeadraceConfig, 'artifacts' | 'artifactCacheDir' | 'predictionsDir' | 's3'>;

const opened = new Map<string, ArtifactStore>();

export function isS3Location(location: string): boolean {
  return /^s3:\/\//i.test(location);
}

export function openArtifactStore(config: StoreConfig): ArtifactStore {
  const id = JSON.stringify([config.artifacts, config.artifactCacheDir, config.predictionsDir, config.s3]);
  let store = opened.get(id);
  if (!store) {
    const endpoint = config.s3.endpoint;
    if (isS3Location(config.artifacts) && endpoint !== undefined && !(/^https?:\/\//i.test(endpoint) && URL.canParse(endpoint))) {
      throw new Error(`AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL)=${JSON.stringify(endpoint)} is not a URL (e.g. http://127.0.0.1:8333)`);
    }
    store = isS3Location(config.artifacts)
      ? new S3ArtifactStore({
        location: config.artifacts,
        cacheDir: config.artifactCacheDir,
        predictionsDir: config.predictionsDir,
        client: {
          region: config.s3.region,
          forcePathStyle: config.s3.forcePathStyle,
          ...(config.s3.endpoint ? { endpoint: config.s3.endpoint } : {}),
          ...(config.s3.credentials ? { credentials: config.s3.credentials } : {}),
        },
      })
      : new LocalArtifactStore(config.artifacts);
    opened.set(id, store);
  }
  return store;
}
