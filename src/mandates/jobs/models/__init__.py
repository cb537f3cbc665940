from .job import Job, job_storage

__all__ = ["Job", "job_storage"]
