"""Every message Slack gets: what kinds there are and their keys, the queue, the renderers, the sender."""
