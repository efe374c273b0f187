using System;
using System.Collections.Generic;

namespace CloudflareCni.Emulator
{
    /// <summary>
    /// What the sandbox holds for one account, in the API's own wire types: a list per kind of item, and objects of
    /// which an account has one (its settings). Each resource keeps its kind here; another resource reads it by type.
    /// Only touched under the emulator's lock.
    /// </summary>
    internal sealed class SandboxAccount
    {
        private readonly Dictionary<Type, object> kinds = new Dictionary<Type, object>();

        public SandboxAccount(string id)
        {
            Id = id;
        }

        /// <summary>The account id, as the path names it.</summary>
        public string Id { get; }

        /// <summary>The account's items of one kind, in the order they were added.</summary>
        public List<T> Items<T>()
        {
            if (!kinds.TryGetValue(typeof(List<T>), out object? list))
            {
                list = new List<T>();
                kinds.Add(typeof(List<T>), list);
            }

            return (List<T>)list;
        }

        /// <summary>The account's one object of a kind, made by <paramref name="create"/> the first time it is asked for.</summary>
        public T Single<T>(Func<T> create)
            where T : class
        {
            if (!kinds.TryGetValue(typeof(T), out object? single))
            {
                single = create();
                kinds.Add(typeof(T), single);
            }

            return (T)single;
        }
    }
}
