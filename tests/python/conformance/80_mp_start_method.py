# Checks set_start_method('fork'), get_start_method(), freeze_support() and setting the context twice.
import multiprocessing as mp

if __name__ == '__main__':
    mp.freeze_support()
    mp.set_start_method('fork')
    print(mp.get_start_method())
    try:
        mp.set_start_method('fork')
    except RuntimeError as e:
        print('RuntimeError', e)
    mp.set_start_method('fork', force=True)
    print('forced', mp.get_start_method())
