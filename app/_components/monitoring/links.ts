// Where an endpoint's monitoring page lives.
export const monitoringHref = (endpoint: string) => `/endpoints/${encodeURIComponent(endpoint)}/monitoring`;
