"""The CloudFront edge: behaviours, the viewer-request function, policies and its own errors."""
